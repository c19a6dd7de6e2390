import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { FormDto, optionalNumber } from '../../common/form.dto';
import { DEFAULT_HORIZON_WEEKS } from '../matching.service';

export const ASSIGNMENT_ACTIONS = ['pin', 'unpin', 'exclude', 'include', 'confirm'] as const;

/** The planning horizon: meetups starting within this many weeks (the next cycles). */
export class HorizonDto extends FormDto {
  @ApiPropertyOptional({ default: DEFAULT_HORIZON_WEEKS, minimum: 1, maximum: 52 })
  @Transform(optionalNumber)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(52)
  weeks?: number;
}

/** `weeks` only brings a page back to the horizon it came from. */
export class AssignmentActionDto extends HorizonDto {
  @ApiProperty({ enum: ASSIGNMENT_ACTIONS })
  @IsIn(ASSIGNMENT_ACTIONS)
  action!: (typeof ASSIGNMENT_ACTIONS)[number];
}

export class AddEngineerDto extends HorizonDto {
  @ApiProperty()
  @Transform(optionalNumber)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  engineerId!: number;

  @ApiPropertyOptional({ description: 'An assignment of this meetup whose engineer is swapped out (excluded).' })
  @Transform(optionalNumber)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  replacing?: number;
}

export class MatchingSettingsDto extends FormDto {
  @ApiProperty({ minimum: 0, maximum: 31 })
  @Transform(optionalNumber)
  @IsInt()
  @Min(0)
  @Max(31)
  maxMeetupsPerMonth!: number;

  @ApiProperty({ minimum: 0, maximum: 31 })
  @Transform(optionalNumber)
  @IsInt()
  @Min(0)
  @Max(31)
  maxTripsPerMonth!: number;

  @ApiProperty({ minimum: 0, maximum: 20 })
  @Transform(optionalNumber)
  @IsInt()
  @Min(0)
  @Max(20)
  minEngineers!: number;

  @ApiProperty({ minimum: 1, maximum: 20 })
  @Transform(optionalNumber)
  @IsInt()
  @Min(1)
  @Max(20)
  maxEngineers!: number;

  @ApiProperty({ minimum: 0, maximum: 1000, description: 'λ: what one trip away costs, in questions.' })
  @Transform(optionalNumber)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  travelWeight!: number;
}

export class AnswerDto extends FormDto {
  @ApiPropertyOptional({ maxLength: 500, example: 'Explained the night mode roadmap; follow up on RAW export.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

/** Staff's expected product areas of a meetup: its demand while nobody has asked. */
export class ExpectedAreasDto extends HorizonDto {
  @ApiProperty({ type: [Number] })
  @Transform(({ value }: { value: unknown }) =>
    value === undefined || value === '' ? [] : (Array.isArray(value) ? value : [value]).map((v) => Number(v)),
  )
  @IsArray()
  @ArrayMaxSize(100)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2147483647, { each: true })
  productAreaIds: number[] = [];
}
