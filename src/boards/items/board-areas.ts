import { Injectable, NotFoundException } from '@nestjs/common';
import { errorText } from '../../common/strings';
import { ProductAreasService } from '../../product-areas/product-areas.service';
import type { Locale } from '../../common/locale';

export interface BoardArea {
  id: number;
  slug: string;
  nameEn: string;
  nameZh: string;
}

const FRESH_MS = 30_000;

/**
 * The product areas, one board each, read through ProductAreasService. Areas change rarely and every
 * board page needs them, so they are kept for 30 seconds.
 */
@Injectable()
export class BoardAreas {
  private cached?: { at: number; areas: BoardArea[] };

  constructor(private readonly productAreas: ProductAreasService) {}

  async all(): Promise<BoardArea[]> {
    if (!this.cached || Date.now() - this.cached.at > FRESH_MS) {
      this.cached = { at: Date.now(), areas: await this.productAreas.all() };
    }
    return this.cached.areas;
  }

  async bySlug(slug: string): Promise<BoardArea> {
    const area = (await this.all()).find((a) => a.slug === slug);
    if (!area) throw new NotFoundException(errorText('boardMissing', { slug: slug.slice(0, 60) }));
    return area;
  }

  async byId(id: number): Promise<BoardArea> {
    const area = (await this.all()).find((a) => a.id === id);
    if (!area) throw new NotFoundException(errorText('boardAreaMissing', { id: String(id) }));
    return area;
  }
}

export const areaName = (area: BoardArea, locale: Locale) => (locale === 'zh-CN' ? area.nameZh : area.nameEn);
