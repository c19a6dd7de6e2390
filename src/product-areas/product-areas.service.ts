import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Locale } from '../common/locale';
import { ProductAreaNames, ProductAreaOption, ProductAreasRepository } from './product-areas.repository';

export type { ProductAreaNames, ProductAreaOption };

/** The parts of the product that engineers, questions and boards are filed under: the one door to the catalogue. */
@Injectable()
export class ProductAreasService {
  constructor(private readonly areas: ProductAreasRepository) {}

  /** Every area with both names, by slug (the engineers' form). */
  all(): Promise<ProductAreaNames[]> {
    return this.areas.all();
  }

  /** Every area in the reader's language, by name (the questions form). */
  options(locale: Locale, manager?: EntityManager): Promise<ProductAreaOption[]> {
    return this.areas.named(locale, manager);
  }

  /** Whether the area exists, read in the caller's transaction. */
  exists(manager: EntityManager, id: number): Promise<boolean> {
    return this.areas.exists(manager, id);
  }
}
