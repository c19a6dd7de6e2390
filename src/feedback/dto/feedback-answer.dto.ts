import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { FormDto } from '../../common/form.dto';
import { MAX_GOOD_LENGTH, MAX_SUGGESTION_LENGTH, MAX_SUGGESTIONS } from '../feedback-rules';

export class SuggestionDto {
  @ApiProperty({ example: 3, description: 'A product area id, from GET /api/feedback/{token} (productAreas).' })
  @IsInt({ message: 'productAreaId must be a whole number' })
  @Min(1)
  @Max(2_147_483_647)
  productAreaId!: number;

  @ApiProperty({ maxLength: MAX_SUGGESTION_LENGTH, example: 'Let me schedule the night mode.' })
  @IsString({ message: 'body must be text' })
  @MaxLength(MAX_SUGGESTION_LENGTH)
  body!: string;
}

/** A member's feedback as the JSON API takes it. */
export class FeedbackAnswerDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: 'Overall rating of the meetup.' })
  @IsInt({ message: 'rating must be a whole number from 1 to 5' })
  @Min(1, { message: 'rating must be a whole number from 1 to 5' })
  @Max(5, { message: 'rating must be a whole number from 1 to 5' })
  rating!: number;

  @ApiProperty({ minimum: 0, maximum: 10, description: 'How likely to recommend the meetups to a friend.' })
  @IsInt({ message: 'recommend must be a whole number from 0 to 10' })
  @Min(0, { message: 'recommend must be a whole number from 0 to 10' })
  @Max(10, { message: 'recommend must be a whole number from 0 to 10' })
  recommend!: number;

  @ApiPropertyOptional({ maxLength: MAX_GOOD_LENGTH, description: 'What was good.' })
  @IsOptional()
  @IsString({ message: 'good must be text' })
  @MaxLength(MAX_GOOD_LENGTH)
  good?: string;

  @ApiPropertyOptional({ type: [SuggestionDto], maxItems: MAX_SUGGESTIONS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_SUGGESTIONS, { message: `at most ${MAX_SUGGESTIONS} suggestions` })
  @ValidateNested({ each: true })
  @Type(() => SuggestionDto)
  suggestions?: SuggestionDto[];
}

/** The same from the page's form: every field is text, and the rules judge it (the page shows what to fix). */
export class FeedbackFormDto extends FormDto {
  @IsOptional() @IsString() rating?: string;
  @IsOptional() @IsString() recommend?: string;
  @IsOptional() @IsString() good?: string;
  @IsOptional() @IsString() suggestion1Area?: string;
  @IsOptional() @IsString() suggestion1Body?: string;
  @IsOptional() @IsString() suggestion2Area?: string;
  @IsOptional() @IsString() suggestion2Body?: string;
  @IsOptional() @IsString() suggestion3Area?: string;
  @IsOptional() @IsString() suggestion3Body?: string;
}

/** The form's fields in the shape the rules read. */
export function formAnswer(form: FeedbackFormDto) {
  return {
    rating: form.rating,
    recommend: form.recommend,
    good: form.good,
    suggestions: [1, 2, 3].map((n) => ({
      productAreaId: form[`suggestion${n}Area` as keyof FeedbackFormDto],
      body: form[`suggestion${n}Body` as keyof FeedbackFormDto],
    })),
  };
}

/** "Vote for this instead": the similar item the member chose. */
export class SimilarVoteDto extends FormDto {
  @ApiProperty({ example: '42' })
  @Matches(/^\d{1,18}$/, { message: 'itemId must be a board item id' })
  itemId!: string;
}
