import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsArray, IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NotBlank, RowId } from '../../common/field-rules';
import { FormDto, optionalNumber } from '../../common/form.dto';

// An HTML form sends one value as a string and several as an array.
const toIntArray = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? [] : (Array.isArray(value) ? value : [value]).map((v) => Number(v));
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

  @ApiPropertyOptional({ example: 'Weekends; not in March' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  availability?: string;

  @ApiPropertyOptional({ default: true })
  @Transform(checkbox)
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
