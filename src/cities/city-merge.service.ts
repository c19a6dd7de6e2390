import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { normaliseCityName } from './city-name';
import { CityMergeRepository } from './city-merge.repository';
import { CityNamesRepository } from './city-names.repository';

export interface MergeResult {
  from: { id: number; name: string };
  into: { id: number; name: string };
  /** Rows repointed per table (members, meetups, engineers…). */
  moved: Record<string, number>;
}

/**
 * Merges a duplicate city (Xi'an next to Xi’an, an unverified "Xian") into the
 * real one in one transaction: members, meetups and every other reference move,
 * the kept counts follow through the member triggers, and the duplicate's names
 * stay as aliases of the real city, so the next import matches them there.
 */
@Injectable()
export class CityMergeService {
  private readonly logger = new Logger('CityMerge');

  constructor(
    private readonly dataSource: DataSource,
    private readonly merges: CityMergeRepository,
    private readonly names: CityNamesRepository,
  ) {}

  async merge(fromId: number, intoId: number): Promise<MergeResult> {
    if (fromId === intoId) throw new BadRequestException('A city cannot be merged into itself: choose another city.');
    try {
      const result = await this.dataSource.transaction(async (m) => {
        const locked = await this.merges.lock(m, [fromId, intoId]);
        const from = locked.find((c) => c.id === fromId);
        const into = locked.find((c) => c.id === intoId);
        if (!from) throw new NotFoundException(`City ${fromId} does not exist.`);
        if (!into) throw new NotFoundException(`City ${intoId} does not exist.`);
        if (from.code) {
          throw new ConflictException(
            `${from.name} is a gazetteer city (GB/T 2260 ${from.code}); merge duplicates into it, not it into another city.`,
          );
        }
        const moved = await this.merges.repoint(m, from.id, into.id);
        await this.merges.moveAliases(m, from.id, into.id);
        // Names the duplicate had without an alias row (cities made before aliases existed).
        await this.names.add(
          m,
          [from.name, from.nameZh]
            .filter((n): n is string => !!n)
            .map((alias) => ({ cityId: into.id, alias, normalised: normaliseCityName(alias), kind: 'alias' as const }))
            .filter((a) => a.normalised !== ''),
        );
        await this.merges.delete(m, from.id);
        return { from: { id: from.id, name: from.name }, into: { id: into.id, name: into.name }, moved };
      });
      this.logger.log(`Merged city ${result.from.name} into ${result.into.name}: ${JSON.stringify(result.moved)}`);
      return result;
    } catch (error) {
      if ((error as { code?: string }).code === '23P01') {
        throw new ConflictException(
          'Both cities have meetups at overlapping times; cancel or move one of them, then merge.',
        );
      }
      throw error;
    }
  }
}
