import { Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { MailboxPageDto, MailboxQueryDto } from './dto/mailbox-query.dto';
import { messageForViewer } from './secret-links';
import { IsIn, IsOptional } from 'class-validator';
import { MailOutboxService } from './mail-outbox.service';
import { MailboxRepository } from './mailbox.repository';
import { OUTBOX_STATES, type OutboxState } from './outbox-message.entity';

export class OutboxQueryDto {
  @IsOptional()
  @IsIn(OUTBOX_STATES)
  state?: OutboxState;
}

@ApiTags('mail')
@ApiBearerAuth()
@Controller('api')
export class MailboxController {
  constructor(
    private readonly mailbox: MailboxRepository,
    private readonly outbox: MailOutboxService,
  ) {}

  /** What the embedded SMTP sink received (development and tests): one page, newest first, filtered. */
  @Get('mailbox')
  @ApiOkResponse({ type: MailboxPageDto })
  @ApiBadRequestResponse({ description: 'A filter or cursor that is not valid (nothing is read).' })
  async list(@Query() query: MailboxQueryDto): Promise<MailboxPageDto> {
    const limit = query.limit ?? 50;
    // One more than the page shows, to know whether another page follows.
    const rows = await this.mailbox.page({ ...query, limit: limit + 1 });
    const messages = rows.slice(0, limit);
    return { messages, next: rows.length > limit ? messages[messages.length - 1].id : null };
  }

  /** One message; RSVP and unsubscribe links are masked (`masked: true`) unless the caller is an admin. */
  @Get('mailbox/:id')
  async get(@Param('id') id: string, @Req() req: Request) {
    const message = /^\d{1,18}$/.test(id) ? await this.mailbox.find(id) : null;
    if (!message) throw new NotFoundException(`There is no mailbox message ${id}.`);
    return messageForViewer(message, req.principal?.role === 'admin');
  }

  /** Outgoing messages by state; `state=dead` lists the dead letters. */
  @Get('outbox')
  @ApiQuery({ name: 'state', enum: OUTBOX_STATES, required: false })
  outboxList(@Query() query: OutboxQueryDto) {
    return this.outbox.list(query.state);
  }

  @Post('outbox/:id/retry')
  @HttpCode(202)
  async retry(@Param('id', new ParseUUIDPipe()) id: string) {
    await this.outbox.retry(id);
    return { queued: id };
  }
}
