import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { RowId, WholeNumber } from '../../common/field-rules';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toInts = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? [] : String(value).split(',').map(Number);

export class PlanQueryDto {
  @ApiProperty({ example: '2026-12-01' })
  @Matches(/^20\d{2}-\d{2}-\d{2}$/, { message: 'startDate must be a date like 2026-12-01 (years 2000–2099)' })
  // The pattern alone let 2027-02-30 through to luxon, whose invalid date ended in a 500.
  @IsISO8601({ strict: true }, { message: 'startDate must be a date like 2026-12-01 that exists in the calendar' })
  startDate!: string;

  @ApiPropertyOptional({ default: 14 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  cycleDays?: number;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(20)
  perCycle?: number;

  @ApiPropertyOptional({ default: 6 })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(52)
  cycles?: number;

  @ApiPropertyOptional({ default: 6, description: 'ISO weekday, 1 = Monday … 7 = Sunday' })
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7)
  weekday?: number;

  @ApiPropertyOptional({ default: '19:00' })
  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'localTime must be like 19:00' })
  localTime?: string;

  @ApiPropertyOptional({ description: 'Comma-separated 0-based cycles to skip', example: '2' })
  @IsOptional()
  @Transform(toInts)
  @WholeNumber(0, 51, { each: true })
  skipCycles?: number[];
}

export class AcceptedMeetupDto {
  @ApiProperty()
  @RowId()
  cityId!: number;

  @ApiProperty({ example: '2026-12-05T19:00', description: 'City-local start (staff may move it).' })
  @Matches(/^20\d{2}-\d{2}-\d{2}T\d{2}:\d{2}$/, {
    message: 'startsLocal must be like 2026-12-05T19:00 (years 2000–2099)',
  })
  startsLocal!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  title?: string;
}

export class AcceptPlanDto {
  @ApiProperty({ type: [AcceptedMeetupDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => AcceptedMeetupDto)
  meetups!: AcceptedMeetupDto[];
}
