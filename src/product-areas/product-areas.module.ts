import { Module } from '@nestjs/common';
import { ProductAreasRepository } from './product-areas.repository';
import { ProductAreasService } from './product-areas.service';

/** The catalogue of product areas; other modules read it through ProductAreasService. */
@Module({
  providers: [ProductAreasRepository, ProductAreasService],
  exports: [ProductAreasService],
})
export class ProductAreasModule {}
