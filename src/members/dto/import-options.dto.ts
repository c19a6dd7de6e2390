import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { FormDto } from '../../common/form.dto';

const TRUE = new Set([true, 'true', 'on', '1', 'yes']);
const FALSE = new Set([false, 'false', 'off', '0', 'no', '']);

/** How an import treats a city name no city goes by: a form checkbox, a multipart field or a query parameter. */
export class ImportOptionsDto extends FormDto {
  @ApiPropertyOptional({
    default: false,
    description:
      'Create an unverified city (flagged for staff to check or merge) for a city name no city goes by, ' +
      'instead of refusing the row as "unknown city".',
  })
  @Transform(({ value }) => (TRUE.has(value) ? true : FALSE.has(value) ? false : value))
  @IsOptional()
  @IsBoolean({ message: 'createUnverifiedCities must be true or false' })
  createUnverifiedCities?: boolean;
}
