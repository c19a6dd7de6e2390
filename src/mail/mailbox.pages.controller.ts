import { Body, Controller, Get, NotFoundException, Param, ParseUUIDPipe, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FormDto } from '../common/form.dto';
import { errorText, message } from '../common/strings';
import { flashAndRedirect } from '../common/flash';
import { MailOutboxService } from './mail-outbox.service';
import { MailboxRepository } from './mailbox.repository';
import { messageForViewer } from './secret-links';

// The message's own HTML, shown in a sandboxed frame: no scripts, links open outside.
const MESSAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data: https: http:; frame-ancestors 'self'; sandbox allow-popups allow-popups-to-escape-sandbox";

const isAdmin = (req: Request) => req.principal?.role === 'admin';

@ApiExcludeController()
@Controller('mailbox')
export class MailboxPagesController {
  constructor(
    private readonly mailbox: MailboxRepository,
    private readonly outbox: MailOutboxService,
  ) {}

  @Get()
  @Render('mailbox/list')
  async list() {
    const [messages, counts, dead] = await Promise.all([
      this.mailbox.list(200),
      this.outbox.counts(),
      this.outbox.list('dead', 100),
    ]);
    return { title: message('mailbox'), messages, counts, dead, sinkRunning: this.outbox.sink.running };
  }

  @Get(':id')
  @Render('mailbox/message')
  async message(@Param('id') id: string, @Req() req: Request) {
    const mail = messageForViewer(await this.find(id), isAdmin(req));
    return {
      masked: mail.masked,
      title: mail.subject || message('mailbox.noSubject'),
      message: mail,
      twice: mail.copies > 1,
      headers: Object.entries(mail.headers),
    };
  }

  @Get(':id/html')
  async html(@Param('id') id: string, @Req() req: Request, @Res() res: Response) {
    const message = messageForViewer(await this.find(id), isAdmin(req));
    res.setHeader('Content-Security-Policy', MESSAGE_CSP);
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.type('html').send(`<base target="_blank">${message.html ?? '<pre>(no HTML part)</pre>'}`);
  }

  @Get(':id/attachments/:index')
  async attachment(@Param('id') id: string, @Param('index') index: string, @Res() res: Response) {
    const attachment = (await this.find(id)).attachments[Number(index)];
    if (!attachment) throw new NotFoundException(errorText('mailbox.noAttachment'));
    res.setHeader('Content-Disposition', `attachment; filename="${attachment.filename.replace(/[^\w.-]/g, '_')}"`);
    res.type(attachment.contentType).send(Buffer.from(attachment.content, 'base64'));
  }

  @Post('outbox/:id/retry')
  async retry(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() _body: FormDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.outbox.retry(id);
    flashAndRedirect(req, res, '/mailbox', 'mailbox.retried');
  }

  private async find(id: string) {
    const message = /^\d{1,18}$/.test(id) ? await this.mailbox.find(id) : null;
    if (!message) throw new NotFoundException(errorText('mailbox.noMessage', { id }));
    return message;
  }
}
