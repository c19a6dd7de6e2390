import { Module } from '@nestjs/common';

/** Cities; the ranking and planner arrive with their own issue. */
@Module({})
export class CitiesModule {}
