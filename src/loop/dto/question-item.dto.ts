import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { FormDto } from '../../common/form.dto';

/** Link a question to an existing item (itemId), or leave it out to make a new item from the question. */
export class QuestionItemDto extends FormDto {
  @ApiPropertyOptional({ example: '42', description: 'An existing board item; without it a new item is made.' })
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'itemId must be a board item id' })
  itemId?: string;
}
