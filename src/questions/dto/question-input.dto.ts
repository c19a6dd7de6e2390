import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, NotContains } from 'class-validator';
import { FormDto } from '../../common/form.dto';
import { normaliseQuestionBody, QUESTION_MAX_LENGTH } from '../question-rules';

/** A question as the JSON API takes it. */
export class QuestionInputDto {
  @ApiProperty({ example: 3, description: 'A product area id, from GET /api/rsvp/{token}/questions (productAreas).' })
  @IsInt({ message: 'productAreaId must be a whole number' })
  @Min(1, { message: 'productAreaId must be a product area id' })
  @Max(2_147_483_647, { message: 'productAreaId must be a product area id' })
  productAreaId!: number;

  @ApiProperty({
    maxLength: QUESTION_MAX_LENGTH,
    example: 'Will the night mode of the camera come to older phones?',
    description: `The question, 1–${QUESTION_MAX_LENGTH} characters after trimming.`,
  })
  @Transform(({ value }) => normaliseQuestionBody(value))
  @IsString({ message: 'body must be text' })
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(QUESTION_MAX_LENGTH, { message: `body must be at most ${QUESTION_MAX_LENGTH} characters` })
  @NotContains('\u0000', { message: 'body must not contain NUL characters' })
  body!: string;
}

/**
 * The same from the RSVP page's forms: every field is text, and the service's
 * rules judge it, so the page can show the member what to fix in their
 * language with what they typed still in the form.
 */
export class QuestionFormDto extends FormDto {
  @IsOptional()
  @IsString()
  productAreaId?: string;

  @IsOptional()
  @IsString()
  body?: string;
}

/** A form's product area field as a number; anything else is NaN, which the rules refuse as an unknown area. */
export const formAreaId = (value: string | undefined) => (value && /^[0-9]{1,10}$/.test(value) ? Number(value) : NaN);
