import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { FormDto } from '../../common/form.dto';

export class MemberErasureDto extends FormDto {
  @ApiProperty({ description: "The member's email address, typed again to confirm the erasure." })
  @IsString({ message: "confirm must be the member's email address" })
  @MaxLength(254)
  confirm!: string;
}
