import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { EngineerDto } from './dto/engineer.dto';
import { EngineersRepository, EngineerView } from './engineers.repository';
import { errorText } from '../common/strings';

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

  /** Creates (no id) or updates an engineer and their product areas in one transaction. */
  async save(input: EngineerDto, id?: number): Promise<EngineerView> {
    const fields = {
      engineerCode: input.engineerCode,
      name: input.name.trim(),
      homeCityId: input.homeCityId ?? null,
      availability: input.availability?.trim() ?? '',
      active: input.active ?? true,
    };
    try {
      const savedId = await this.dataSource.transaction(async (manager) => {
        const engineerId = id ?? (await this.engineers.insert(manager, fields));
        if (id !== undefined && !(await this.engineers.update(manager, id, fields))) {
          throw new NotFoundException(errorText('engineerMissing', { id: String(id) }));
        }
        await this.engineers.setProductAreas(manager, engineerId, input.productAreaIds);
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
