import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AvailabilityDto, EngineerDto } from './dto/engineer.dto';
import { EngineersRepository, EngineerView } from './engineers.repository';
import { errorText } from '../common/strings';

export type { EngineerView };

@Injectable()
export class EngineersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engineers: EngineersRepository,
  ) {}

  list(): Promise<EngineerView[]> {
    return this.engineers.list();
  }

  async get(id: number): Promise<EngineerView> {
    const [engineer] = await this.engineers.list(id);
    if (!engineer) throw new NotFoundException(errorText('engineerMissing', { id: String(id) }));
    return engineer;
  }

  count() {
    return this.engineers.count();
  }

  /** Every active engineer's profile as the matching reads it. */
  async forMatching(): Promise<EngineerView[]> {
    return (await this.engineers.list()).filter((e) => e.active);
  }

  /** The engineer's own edit: unavailable dates and the note; nothing else of the profile. */
  async setAvailability(engineerId: number, input: AvailabilityDto): Promise<EngineerView> {
    const dates = [...new Set(input.unavailableDates ?? [])].sort();
    if (!(await this.engineers.setAvailability(engineerId, dates, input.availability?.trim() ?? ''))) {
      throw new NotFoundException(errorText('engineerMissing', { id: String(engineerId) }));
    }
    return this.get(engineerId);
  }

  /** Creates (no id) or updates an engineer and their product areas in one transaction. */
  async save(input: EngineerDto, id?: number): Promise<EngineerView> {
    const fields = {
      engineerCode: input.engineerCode,
      name: input.name.trim(),
      homeCityId: input.homeCityId ?? null,
      availability: input.availability?.trim() ?? '',
      active: input.active ?? true,
      languages: [...new Set(input.languages ?? [])],
      unavailableDates: [...new Set(input.unavailableDates ?? [])].sort(),
      maxMeetupsPerMonth: input.maxMeetupsPerMonth ?? null,
      maxTripsPerMonth: input.maxTripsPerMonth ?? null,
    };
    try {
      const savedId = await this.dataSource.transaction(async (manager) => {
        const engineerId = id ?? (await this.engineers.insert(manager, fields));
        if (id !== undefined && !(await this.engineers.update(manager, id, fields))) {
          throw new NotFoundException(errorText('engineerMissing', { id: String(id) }));
        }
        await this.engineers.setProductAreas(manager, engineerId, input.productAreaIds, input.expertAreaIds);
        return engineerId;
      });
      return this.get(savedId);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === '23505') throw new ConflictException(errorText('engineerCodeTaken', { code: input.engineerCode }));
      if (code === '23503') throw new BadRequestException(errorText('engineerCityOrAreaMissing'));
      throw error;
    }
  }
}
