import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpException,
  Post,
  Query,
  Render,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public, Roles } from '../common/access.decorators';
import { message } from '../common/strings';
import { sessionCookie } from '../common/web';
import { Environment, publicUrl } from '../config/environment';
import { flashAndRedirect } from '../common/flash';
import { ROLES } from '../common/role';
import { AccountsService } from './accounts.service';
import { LocaleDto, PasswordChangeDto, SignInDto } from './dto/account.dto';

function accountIdOf(req: Request): number {
  const id = req.principal?.accountId;
  if (!id) throw new BadRequestException('This needs a signed-in account, not the machine API token.');
  return id;
}

/** Only same-site paths: an open redirect after sign-in is a phishing tool. */
const safeNext = (next: string | undefined) => (next && /^\/(?!\/)/.test(next) && !next.includes('\\') ? next : '/');

const regenerate = (req: Request) =>
  new Promise<void>((ok, fail) => req.session.regenerate((e) => (e ? fail(e) : ok())));
const save = (req: Request) => new Promise<void>((ok, fail) => req.session.save((e) => (e ? fail(e) : ok())));

@ApiExcludeController()
@Controller()
export class SignInPagesController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly env: Environment,
  ) {}

  @Public()
  @Get('login')
  @Render('auth/login')
  loginPage(@Query('next') next?: string) {
    return { title: 'Sign in', next: safeNext(next), bare: true };
  }

  @Public()
  @Post('login')
  async login(@Body() body: SignInDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const account = await this.accounts.signIn(body.email, body.password, req.ip ?? 'unknown');
      // A new session id at sign-in defeats session fixation.
      await regenerate(req);
      req.session.accountId = account.id;
      await save(req);
      res.redirect(303, safeNext(body.next));
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      res.status(error.getStatus()).render('auth/login', {
        title: 'Sign in',
        next: safeNext(body.next),
        email: body.email,
        error: error.message,
        bare: true,
      });
    }
  }

  @Roles(...ROLES)
  @Post('logout')
  async logout(@Req() req: Request, @Res() res: Response): Promise<void> {
    await new Promise<void>((ok) => req.session.destroy(() => ok()));
    // Cleared with the attributes it was set with: a browser ignores a `__Host-` clear without Secure.
    const cookie = sessionCookie(publicUrl(this.env).startsWith('https://'));
    res.clearCookie(cookie.name, cookie.options).redirect(303, '/login');
  }

  @Roles(...ROLES)
  @Get('account/password')
  @Render('auth/password')
  passwordPage() {
    return { title: message('changePassword') };
  }

  @Roles(...ROLES)
  @Post('account/password')
  async changePassword(@Body() body: PasswordChangeDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.accounts.changePassword(accountIdOf(req), body.currentPassword, body.newPassword, {
      sessionId: req.sessionID,
      ip: req.ip ?? 'unknown',
    });
    flashAndRedirect(req, res, '/', 'passwordChanged');
  }

  @Roles(...ROLES)
  @Post('account/locale')
  async changeLocale(@Body() body: LocaleDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.accounts.setLocale(accountIdOf(req), body.locale);
    res.redirect(303, safeNext(req.get('referer')?.replace(/^https?:\/\/[^/]+/, '')));
  }
}
