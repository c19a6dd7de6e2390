import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { FormDto } from '../../common/form.dto';

/** Merge the city of the path into this one (the real city). */
export class CityMergeDto extends FormDto {
  @ApiProperty({ example: 42, description: 'Id of the real city the duplicate is merged into.' })
  @Type(() => Number)
  @IsInt({ message: 'into must be the id of a city' })
  @Min(1, { message: 'into must be the id of a city' })
  @Max(2_147_483_647, { message: 'into must be the id of a city' })
  into!: number;
}
