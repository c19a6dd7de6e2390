import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { FormDto } from '../../../common/form.dto';
import type { RsvpAnswer } from '../rsvp-rules';

export class RsvpAnswerDto extends FormDto {
  @ApiProperty({ enum: ['accept', 'decline'] })
  @IsIn(['accept', 'decline'], { message: 'answer must be accept or decline' })
  answer!: RsvpAnswer;
}
