import { ApiPropertyOptional } from '@nestjs/swagger';
import { emptyToUndefined, optionalNumber } from '../../common/form.dto';
import { Transform } from 'class-transformer';
import { RowId } from '../../common/field-rules';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class MemberSearchDto {
  @ApiPropertyOptional({ description: 'Name fragment, email prefix or exact external id.' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional()
  @Transform(optionalNumber)
  @IsOptional()
  @RowId()
  cityId?: number;

  @ApiPropertyOptional({ description: 'Cursor from the previous page (`next`).' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'before must be a member id' })
  before?: string;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @Transform(optionalNumber)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}
