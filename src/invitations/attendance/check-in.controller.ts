import { Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../../common/access.decorators';
import type { ArrivalCounts } from './check-in.repository';
import { CheckInDesk, CheckInResult, CheckInService } from './check-in.service';
import { AttendeeSearchDto } from './dto/check-in.dto';
import { BigIdPipe } from '../../common/id.pipe';
import { MeetupIdPipe } from '../../meetups/meetup-id.pipe';

/** The door as JSON: the same service as the check-in pages. Stewards may use it. */
@ApiTags('check-in')
@ApiBearerAuth()
@Roles('admin', 'staff', 'steward')
@Controller('api/meetups')
export class CheckInController {
  constructor(private readonly checkIn: CheckInService) {}

  @Get(':id/attendees')
  @ApiOkResponse({
    description: 'Accepted attendees by name (q: part of name or email), arrivals and the door window.',
  })
  @ApiNotFoundResponse({ description: 'No such meetup.' })
  attendees(
    @Param('id', MeetupIdPipe) id: number,
    @Query() query: AttendeeSearchDto,
    @Req() req: Request,
  ): Promise<CheckInDesk> {
    return this.checkIn.desk(id, query.q, req.principal!);
  }

  @Get(':id/attendees/count')
  @ApiOkResponse({ description: 'Arrived, accepted and capacity: what the check-in page refreshes.' })
  count(@Param('id', MeetupIdPipe) id: number): Promise<ArrivalCounts> {
    return this.checkIn.counts(id);
  }

  @Post(':id/attendees/:invitationId/check-in')
  @HttpCode(200)
  @ApiOkResponse({ description: '`changed` is false when they had already arrived.' })
  @ApiConflictResponse({ description: 'Not accepted, or check-in is not open for this meetup.' })
  markArrived(
    @Param('id', MeetupIdPipe) id: number,
    @Param('invitationId', BigIdPipe) invitationId: string,
    @Req() req: Request,
  ): Promise<CheckInResult> {
    return this.checkIn.markArrived(id, invitationId, req.principal!, 'api');
  }

  @Post(':id/attendees/:invitationId/undo-check-in')
  @HttpCode(200)
  @ApiOkResponse({ description: '`changed` is false when they had not arrived.' })
  @ApiConflictResponse({ description: 'Check-in is not open for this meetup.' })
  undo(
    @Param('id', MeetupIdPipe) id: number,
    @Param('invitationId', BigIdPipe) invitationId: string,
    @Req() req: Request,
  ): Promise<CheckInResult> {
    return this.checkIn.undoArrival(id, invitationId, req.principal!, 'api');
  }
}
