import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength, ValidateIf } from 'class-validator';
import { emptyToUndefined } from '../../common/form.dto';
import { LOCALES } from '../../common/locale';
import type { Locale } from '../../common/locale';

// @IsOptional() also waves null through, and `markdown: null` then reached the database (NOT NULL): a 500.
// Leaving a field out is allowed; sending null is refused by the field's own rules.
const OnlyIfGiven = () => ValidateIf((_, value) => value !== undefined);

const localeMessage = `locale must be one of ${LOCALES.join(', ')}`;

export class AnnouncementTextDto {
  @ApiProperty({ enum: LOCALES })
  @IsIn(LOCALES, { message: localeMessage })
  locale!: Locale;

  @ApiProperty({ maxLength: 20000, description: 'The forum post, in Markdown.' })
  @IsString({ message: 'markdown must be text' })
  @Matches(/\S/, { message: 'markdown must not be empty' })
  @MaxLength(20000, { message: 'markdown must be at most 20,000 characters' })
  markdown!: string;
}

/** Publish the saved text, or (with both fields) save this text and publish it in one step. */
export class PublishAnnouncementDto {
  @ApiPropertyOptional({ enum: LOCALES })
  @OnlyIfGiven()
  @IsIn(LOCALES, { message: localeMessage })
  locale?: Locale;

  @ApiPropertyOptional({ maxLength: 20000 })
  @OnlyIfGiven()
  @IsString({ message: 'markdown must be text' })
  @Matches(/\S/, { message: 'markdown must not be empty' })
  @MaxLength(20000, { message: 'markdown must be at most 20,000 characters' })
  markdown?: string;
}

export class MarkPublishedDto extends PublishAnnouncementDto {
  @ApiPropertyOptional({
    example: 'https://forum.example.com/t/meetup-chengdu/4242',
    description: "The post's address.",
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'forumUrl must be the http(s) address of the forum post' },
  )
  @MaxLength(2000, { message: 'forumUrl must be at most 2,000 characters' })
  forumUrl?: string;
}

export class PreviewDto {
  @ApiProperty({ maxLength: 20000 })
  @IsString({ message: 'markdown must be text' })
  @MaxLength(20000, { message: 'markdown must be at most 20,000 characters' })
  markdown!: string;
}

export const ANNOUNCEMENT_ACTIONS = ['preview', 'save', 'publish', 'mark-published'] as const;
export type AnnouncementAction = (typeof ANNOUNCEMENT_ACTIONS)[number];

/** The announcement page's one form: which button was pressed, the text, and the post's address for "by hand". */
export class AnnouncementFormDto extends AnnouncementTextDto {
  @IsIn(ANNOUNCEMENT_ACTIONS, { message: `action must be one of ${ANNOUNCEMENT_ACTIONS.join(', ')}` })
  action!: AnnouncementAction;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'forumUrl must be the http(s) address of the forum post' },
  )
  @MaxLength(2000, { message: 'forumUrl must be at most 2,000 characters' })
  forumUrl?: string;
}
