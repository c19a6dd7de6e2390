import { Module } from '@nestjs/common';
import { CitiesModule } from '../cities/cities.module';
import { ProductAreasModule } from '../product-areas/product-areas.module';
import { EngineersController } from './engineers.controller';
import { EngineersPagesController } from './engineers.pages.controller';
import { EngineersRepository } from './engineers.repository';
import { EngineersService } from './engineers.service';

@Module({
  imports: [CitiesModule, ProductAreasModule],
  controllers: [EngineersController, EngineersPagesController],
  providers: [EngineersRepository, EngineersService],
  exports: [EngineersService],
})
export class EngineersModule {}
