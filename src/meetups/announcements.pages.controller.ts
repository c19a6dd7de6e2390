import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Request, Response } from 'express';
import { checkForm, FormErrors, formErrorsOf } from '../common/form-check';
import { message, StringKey } from '../common/strings';
import { flashAndRedirect } from '../common/flash';
import { LOCALES } from '../common/locale';
import type { Locale } from '../common/locale';
import { meetupRefusal } from './announcement-publication';
import { AnnouncementsService, AnnouncementView } from './announcements.service';
import { AnnouncementFormDto } from './dto/announcement.dto';
import { MeetupsService } from './meetups.service';
import { MeetupIdPipe } from './meetup-id.pipe';

export class AnnouncementPageQueryDto {
  /** Show the text generated in this language in the editor (nothing is saved until "Save"). */
  @IsOptional()
  @IsIn(LOCALES, { message: `generate must be one of ${LOCALES.join(', ')}` })
  generate?: Locale;
}

const FIELDS = ['locale', 'markdown', 'forumUrl', 'action'] as const;

/**
 * The announcement page: one form whose buttons preview, save, publish or
 * mark as published by hand. Every button works without JavaScript;
 * public/announcement.js adds live preview and copy-to-clipboard.
 */
@ApiExcludeController()
@Controller('meetups/:id/announcement')
export class AnnouncementsPagesController {
  constructor(
    private readonly announcements: AnnouncementsService,
    private readonly meetups: MeetupsService,
  ) {}

  @Get()
  async page(@Param('id', MeetupIdPipe) id: number, @Query() q: AnnouncementPageQueryDto, @Res() res: Response) {
    const a = await this.announcements.view(id, q.generate);
    const draft = q.generate
      ? { locale: q.generate, markdown: await this.announcements.generated(id, q.generate) }
      : { locale: a.locale, markdown: a.markdown };
    await this.render(res, 200, id, a, draft);
  }

  @Post()
  async submit(
    @Param('id', MeetupIdPipe) id: number,
    @Body() body: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const a = await this.announcements.view(id);
    const typed = { locale: body.locale, markdown: body.markdown, forumUrl: body.forumUrl };
    const { value, errors } = await checkForm(AnnouncementFormDto, body);
    if (errors) return this.render(res, 400, id, a, typed, errors);
    const text = { locale: value.locale, markdown: value.markdown };
    const done = (key: StringKey) => flashAndRedirect(req, res, `/meetups/${id}/announcement`, key);
    try {
      switch (value.action) {
        case 'preview':
          return await this.render(res, 200, id, a, typed, null, this.announcements.preview(value.markdown));
        case 'save':
          await this.announcements.save(id, text);
          return done('announcementSaved');
        case 'publish':
          await this.announcements.publish(id, text);
          return done('announcementQueued');
        case 'mark-published':
          await this.announcements.markPublished(id, { ...text, forumUrl: value.forumUrl });
          return done('announcementMarkedByHand');
      }
    } catch (error) {
      const failed = formErrorsOf(error, FIELDS);
      await this.render(res, failed.status, id, a, typed, failed.errors);
    }
  }

  private async render(
    res: Response,
    status: number,
    id: number,
    a: AnnouncementView,
    draft: { locale: unknown; markdown: unknown; forumUrl?: unknown },
    errors: FormErrors | null = null,
    previewHtml?: string,
  ): Promise<void> {
    const meetup = await this.meetups.get(id);
    const markdown = typeof draft.markdown === 'string' ? draft.markdown : '';
    const notice = meetupRefusal(meetup.status);
    res.status(status).render('meetups/announcement', {
      title: message('announcementPageTitle', { title: meetup.title }),
      meetup,
      announcement: { ...a, stateKey: `announcement_${a.state}` },
      draft: { ...draft, markdown },
      locales: LOCALES.map((l) => ({ value: l, selected: l === draft.locale })),
      webhook: a.channel === 'webhook',
      // Why the forum should not get it now (a draft, cancelled or held meetup), said before anyone presses Publish.
      meetupNote: notice && message(notice),
      // markdown-it with raw HTML off and unsafe links dropped (announcement-html.ts): safe to inline.
      previewHtml: previewHtml ?? this.announcements.preview(markdown),
      errors,
    });
  }
}
