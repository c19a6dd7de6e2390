import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { sendCsv } from '../../common/csv-export';
import { Roles } from '../../common/access.decorators';
import { StringKey, translate } from '../../common/strings';
import { flashAndRedirect } from '../../common/flash';
import { closedNotice, doorNote, scanPage } from './check-in-page';
import { CheckInService } from './check-in.service';
import { AttendeeSearchDto, CheckInFormDto } from './dto/check-in.dto';
import { BigIdPipe } from '../../common/id.pipe';
import { MeetupIdPipe } from '../../meetups/meetup-id.pipe';
import { viewerLocale } from '../../common/principal';

/** A page title in the steward's language (one part of it, when the meetup's title follows). */
function titleText(req: Request, key: StringKey): string {
  return translate(viewerLocale(req), key);
}

/**
 * The door's pages for staff and stewards: the check-in list with search and
 * the live count, the page a scanned QR code opens, and the printable roster.
 * GETs only show; every change is a POST answered with a redirect, so a reload
 * never marks anyone twice and the count is right without JavaScript.
 */
@ApiExcludeController()
@Roles('admin', 'staff', 'steward')
@Controller()
export class CheckInPagesController {
  constructor(private readonly checkIn: CheckInService) {}

  @Get('check-in')
  @Render('check-in/today')
  async today(@Req() req: Request) {
    return { title: titleText(req, 'checkInToday'), meetups: await this.checkIn.atTheDoor() };
  }

  @Get('check-in/:code')
  @Render('check-in/scan')
  async scan(@Param('code') code: string, @Req() req: Request) {
    return scanPage(await this.checkIn.scan(code, req.principal!), code, viewerLocale(req));
  }

  @Post('check-in/:code')
  async scanArrive(
    @Param('code') code: string,
    @Body() _form: CheckInFormDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const result = await this.checkIn.markArrivedByCode(code, req.principal!);
    flashAndRedirect(req, res, `/check-in/${encodeURIComponent(code)}`, ...doorNote(result, 'arrive'));
  }

  @Post('check-in/:code/undo')
  async scanUndo(
    @Param('code') code: string,
    @Body() _form: CheckInFormDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const result = await this.checkIn.undoArrivalByCode(code, req.principal!);
    flashAndRedirect(req, res, `/check-in/${encodeURIComponent(code)}`, ...doorNote(result, 'undo'));
  }

  @Get('meetups/:id/check-in')
  @Render('check-in/desk')
  async desk(@Param('id', MeetupIdPipe) id: number, @Query() query: AttendeeSearchDto, @Req() req: Request) {
    const desk = await this.checkIn.desk(id, query.q, req.principal!);
    return {
      title: `${titleText(req, 'checkIn')} · ${desk.meetup.title}`,
      desk,
      returnQ: desk.q ?? '',
      ...closedNotice(desk.window, desk.meetup.timeZone, viewerLocale(req)),
    };
  }

  @Post('meetups/:id/check-in/:invitationId')
  async arrive(
    @Param('id', MeetupIdPipe) id: number,
    @Param('invitationId', BigIdPipe) invitationId: string,
    @Body() form: CheckInFormDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const result = await this.checkIn.markArrived(id, invitationId, req.principal!, 'desk');
    flashAndRedirect(req, res, this.backToDesk(id, form.q, invitationId), ...doorNote(result, 'arrive'));
  }

  @Post('meetups/:id/check-in/:invitationId/undo')
  async undo(
    @Param('id', MeetupIdPipe) id: number,
    @Param('invitationId', BigIdPipe) invitationId: string,
    @Body() form: CheckInFormDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const result = await this.checkIn.undoArrival(id, invitationId, req.principal!, 'desk');
    flashAndRedirect(req, res, this.backToDesk(id, form.q, invitationId), ...doorNote(result, 'undo'));
  }

  /** The roster as a spreadsheet: attendees, then the waitlist in order. */
  @Get('meetups/:id/roster.csv')
  async rosterCsv(@Param('id', MeetupIdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const roster = await this.checkIn.roster(id, req.principal!);
    const rows = [...roster.attendees, ...roster.waitlist].map((a) => [
      a.name,
      a.email,
      a.state,
      a.waitlistSeq,
      a.offerExpiresAt,
      a.checkedInAt,
      a.checkedInBy,
    ]);
    const header = ['name', 'email', 'state', 'waitlist_seq', 'offer_expires_at', 'checked_in_at', 'checked_in_by'];
    sendCsv(res, `meetup-${id}-roster.csv`, header, rows);
  }

  @Get('meetups/:id/roster')
  @Render('check-in/roster')
  async roster(@Param('id', MeetupIdPipe) id: number, @Req() req: Request) {
    const roster = await this.checkIn.roster(id, req.principal!);
    return { title: `${titleText(req, 'roster')} · ${roster.meetup.title}`, roster, printedAt: new Date() };
  }

  /** Back to the same search, scrolled to the row just changed. */
  private backToDesk(id: number, q: string | undefined, invitationId: string): string {
    const query = q?.trim() ? `?${new URLSearchParams({ q: q.trim() }).toString()}` : '';
    return `/meetups/${id}/check-in${query}#attendee-${invitationId}`;
  }
}
