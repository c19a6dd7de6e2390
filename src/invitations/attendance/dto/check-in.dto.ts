import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { emptyToUndefined, FormDto } from '../../../common/form.dto';

export class AttendeeSearchDto {
  @ApiPropertyOptional({ description: 'Part of the name or email; empty lists every accepted attendee.' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;
}

/** The check-in page's buttons: the search to come back to rides along. */
export class CheckInFormDto extends FormDto {
  @IsOptional()
  @IsString()
  @MaxLength(100, { message: 'q must be at most 100 characters' })
  q?: string;
}
