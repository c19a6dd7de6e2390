import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { NotBlank, RowId } from '../../common/field-rules';
import { FormDto, optionalNumber } from '../../common/form.dto';

// An HTML form sends one value as a string and several as an array.
const toIntArray = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? [] : (Array.isArray(value) ? value : [value]).map((v) => Number(v));
/** A list from the API, or from a form field of comma-, space- or line-separated words. */
export const toWordList = ({ value }: { value: unknown }) =>
  value === undefined || value === null
    ? []
    : Array.isArray(value)
      ? value
      : typeof value === 'string'
        ? value.split(/[\s,;，、]+/).filter(Boolean)
        : value;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The dates an engineer cannot go: city-local YYYY-MM-DD, as a list or a form's words, at most 400. */
function UnavailableDates(): PropertyDecorator {
  // In the order the stacked decorators applied (bottom-up), so the messages keep their order.
  return applyDecorators(
    IsISO8601({ strict: true }, { each: true, message: 'unavailableDates must be real dates like 2027-01-16' }),
    Matches(DATE, { each: true, message: 'unavailableDates must be dates like 2027-01-16' }),
    ArrayMaxSize(400),
    IsArray(),
    Transform(toWordList),
    ApiPropertyOptional({ type: [String], example: ['2027-01-16'], description: 'City-local dates YYYY-MM-DD.' }),
  );
}

/** The part of the profile an engineer edits: the dates they cannot go, and a note. */
export class AvailabilityDto extends FormDto {
  @UnavailableDates()
  unavailableDates?: string[] = [];

  @ApiPropertyOptional({ example: 'Weekends; not in March' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  availability?: string;
}
// A checkbox after a hidden "false" field arrives as ['false', 'true'] when ticked: the last value wins.
const checkbox = ({ value }: { value: unknown }) => {
  const last: unknown = Array.isArray(value) ? value[value.length - 1] : value;
  return last === undefined ? undefined : last === true || last === 'true' || last === 'on';
};

export class EngineerDto extends FormDto {
  @ApiProperty({ example: 'E1024', description: 'Public engineer ID: E and 3–6 digits.' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Matches(/^E[0-9]{3,6}$/, { message: 'engineerCode must be E followed by 3 to 6 digits, like E1024' })
  engineerCode!: string;

  @ApiProperty()
  @IsString()
  @NotBlank()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional()
  @Transform(optionalNumber)
  @IsOptional()
  @RowId()
  homeCityId?: number;

  @ApiPropertyOptional({ type: [Number], description: 'Product area ids.' })
  @Transform(toIntArray)
  @IsArray()
  @RowId({ each: true })
  productAreaIds: number[] = [];

  @ApiPropertyOptional({
    type: [Number],
    description: 'Product area ids they are an expert in (the others they know).',
  })
  @Transform(toIntArray)
  @IsArray()
  @RowId({ each: true })
  expertAreaIds?: number[] = [];

  @ApiPropertyOptional({ example: 'Weekends; not in March' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  availability?: string;

  @UnavailableDates()
  unavailableDates?: string[] = [];

  @ApiPropertyOptional({ type: [String], example: ['zh-CN', 'en'] })
  @Transform(toWordList)
  @IsArray()
  @ArrayMaxSize(10)
  @Matches(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$/, { each: true, message: 'languages must be tags like zh-CN or en' })
  languages?: string[] = [];

  @ApiPropertyOptional({ description: 'Meetups a month at most; empty: the staff default.' })
  @Transform(optionalNumber)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(31)
  maxMeetupsPerMonth?: number;

  @ApiPropertyOptional({ description: 'Trips away from home a month at most; empty: the staff default.' })
  @Transform(optionalNumber)
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(31)
  maxTripsPerMonth?: number;

  @ApiPropertyOptional({ default: true })
  @Transform(checkbox)
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
