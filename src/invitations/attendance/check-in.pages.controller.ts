import { Body, Controller, Get, Param, Post, Query, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DateTime } from 'luxon';
import { Roles } from '../../common/access.decorators';
import { positional, translate } from '../../common/strings';
import { CheckInResult, CheckInService, ScanView } from './check-in.service';
import { AttendeeSearchDto, CheckInFormDto } from './dto/check-in.dto';
import { localTime } from '../core/invitation-mail';
import type { CheckInWindow } from '../core/meetup-timeline';
import { BigIdPipe } from '../../common/id.pipe';
import { MeetupIdPipe } from '../../meetups/meetup-id.pipe';
import { viewerLocale } from '../../common/principal';

/** The staff member's words, with {0}, {1} filled: flash messages are set here, not in a template. */
function say(req: Request, key: string, ...args: string[]): string {
  return translate(req.principal?.locale, key, positional(...args));
}

/** Why the door is closed, as the page's sentence key and its argument. */
function closedNotice(window: CheckInWindow, zone: string, req: Request) {
  if (window.open) return { closedKey: null, closedArg: null };
  const at = window.closed === 'too-early' ? window.opensAt : window.closesAt;
  return {
    closedKey: `checkIn.closed.${window.closed}`,
    closedArg: localTime(at, zone, viewerLocale(req)),
  };
}

/** What the scan page says about the person in front of the steward. */
function verdict(scan: ScanView) {
  const a = scan.attendee;
  if (a.state === 'accepted' && a.checkedInAt) {
    return { verdict: 'arrived', stateKey: a.checkedInBy ? 'door.arrivedBy' : 'door.arrived' };
  }
  if (a.state === 'accepted') return { verdict: 'ok', stateKey: 'door.accepted' };
  if (a.state === 'waitlisted' && a.offerExpiresAt) return { verdict: 'refuse', stateKey: 'door.offered' };
  return { verdict: 'refuse', stateKey: `door.${a.state}` };
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
    return { title: say(req, 'checkInToday'), meetups: await this.checkIn.atTheDoor() };
  }

  @Get('check-in/:code')
  @Render('check-in/scan')
  async scan(@Param('code') code: string, @Req() req: Request) {
    const scan = await this.checkIn.scan(code);
    const { verdict: v, stateKey } = verdict(scan);
    const zone = scan.meetup.timeZone;
    const a = scan.attendee;
    return {
      title: a.name,
      scan,
      code,
      verdict: v,
      stateKey,
      stateArg: a.checkedInAt ? DateTime.fromJSDate(a.checkedInAt, { zone }).toFormat('HH:mm') : scan.position,
      stateArg2: a.checkedInBy,
      canMark: v === 'ok' && scan.window.open,
      canUndo: v === 'arrived' && scan.window.open,
      ...closedNotice(scan.window, zone, req),
    };
  }

  @Post('check-in/:code')
  async scanArrive(
    @Param('code') code: string,
    @Body() _form: CheckInFormDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const result = await this.checkIn.markArrivedByCode(code, req.principal!);
    req.session.flash = this.flash(req, result, 'arrive');
    res.redirect(303, `/check-in/${encodeURIComponent(code)}`);
  }

  @Post('check-in/:code/undo')
  async scanUndo(
    @Param('code') code: string,
    @Body() _form: CheckInFormDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const result = await this.checkIn.undoArrivalByCode(code, req.principal!);
    req.session.flash = this.flash(req, result, 'undo');
    res.redirect(303, `/check-in/${encodeURIComponent(code)}`);
  }

  @Get('meetups/:id/check-in')
  @Render('check-in/desk')
  async desk(@Param('id', MeetupIdPipe) id: number, @Query() query: AttendeeSearchDto, @Req() req: Request) {
    const desk = await this.checkIn.desk(id, query.q);
    return {
      title: `${say(req, 'checkIn')} · ${desk.meetup.title}`,
      desk,
      returnQ: desk.q ?? '',
      ...closedNotice(desk.window, desk.meetup.timeZone, req),
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
    req.session.flash = this.flash(req, result, 'arrive');
    res.redirect(303, this.backToDesk(id, form.q, invitationId));
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
    req.session.flash = this.flash(req, result, 'undo');
    res.redirect(303, this.backToDesk(id, form.q, invitationId));
  }

  @Get('meetups/:id/roster')
  @Render('check-in/roster')
  async roster(@Param('id', MeetupIdPipe) id: number, @Req() req: Request) {
    const roster = await this.checkIn.roster(id);
    return { title: `${say(req, 'roster')} · ${roster.meetup.title}`, roster, printedAt: new Date() };
  }

  private flash(req: Request, result: CheckInResult, action: 'arrive' | 'undo'): string {
    const name = result.attendee.name;
    if (action === 'arrive') return say(req, result.changed ? 'flash.arrived' : 'flash.alreadyArrived', name);
    return say(req, result.changed ? 'flash.undone' : 'flash.notArrived', name);
  }

  /** Back to the same search, scrolled to the row just changed. */
  private backToDesk(id: number, q: string | undefined, invitationId: string): string {
    const query = q?.trim() ? `?${new URLSearchParams({ q: q.trim() }).toString()}` : '';
    return `/meetups/${id}/check-in${query}#attendee-${invitationId}`;
  }
}
