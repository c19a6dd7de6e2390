import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseEnumPipe,
  Post,
  Put,
  Query,
  ValidationPipe,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { LOCALES } from '../common/locale';
import type { Locale } from '../common/locale';
import { AnnouncementsService, AnnouncementView } from './announcements.service';
import { AnnouncementTextDto, MarkPublishedDto, PreviewDto, PublishAnnouncementDto } from './dto/announcement.dto';
import { MeetupIdPipe } from './meetup-id.pipe';

const body = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

/** A meetup's forum announcement: generated, edited, published to the forum webhook or marked by hand. */
@ApiTags('meetups')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such meetup.' })
@Controller('api/meetups/:id/announcement')
export class AnnouncementsController {
  constructor(private readonly announcements: AnnouncementsService) {}

  @Get()
  @ApiQuery({ name: 'locale', required: false, enum: LOCALES, description: 'Language of the generated text.' })
  @ApiOkResponse({
    description:
      'The saved announcement with its publication state; while nothing is saved, the text generated from views/announcements/<locale>.md.hbs (stored: false).',
  })
  get(
    @Param('id', MeetupIdPipe) id: number,
    @Query('locale', new ParseEnumPipe(LOCALES, { optional: true })) locale?: Locale,
  ): Promise<AnnouncementView> {
    return this.announcements.view(id, locale);
  }

  @Put()
  @ApiOkResponse({
    description: 'Saved. Its publication state is kept; after publishing it shows changedSincePublish.',
  })
  @ApiBadRequestResponse({ description: 'A field is missing or wrong; the message names it.' })
  save(@Param('id', MeetupIdPipe) id: number, @Body(body) text: AnnouncementTextDto): Promise<AnnouncementView> {
    return this.announcements.save(id, text);
  }

  @Post('publish')
  @HttpCode(202)
  @ApiAcceptedResponse({
    description: 'Queued for the forum webhook (state "queued"); GET shows the outcome, attempts and the answer.',
  })
  @ApiConflictResponse({
    description:
      'No webhook configured, the meetup is a draft, cancelled or held, it is being sent, or already published unchanged.',
  })
  publish(@Param('id', MeetupIdPipe) id: number, @Body(body) input: PublishAnnouncementDto): Promise<AnnouncementView> {
    return this.announcements.publish(id, input);
  }

  @Post('mark-published')
  @HttpCode(200)
  @ApiOkResponse({
    description: 'Recorded as published by hand (e.g. without a webhook), with the post address if given.',
  })
  @ApiConflictResponse({ description: 'The meetup is a draft, cancelled or held, or the text is being sent.' })
  markPublished(@Param('id', MeetupIdPipe) id: number, @Body(body) input: MarkPublishedDto): Promise<AnnouncementView> {
    return this.announcements.markPublished(id, input);
  }

  /** Renders Markdown for the page's live preview; stores nothing. */
  @Post('preview')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The Markdown as sanitised HTML, as the forum would show it.' })
  preview(@Param('id', MeetupIdPipe) _id: number, @Body(body) input: PreviewDto): { html: string } {
    return { html: this.announcements.preview(input.markdown) };
  }
}
