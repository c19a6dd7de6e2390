import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../common/access.decorators';
import { message } from '../common/strings';
import { EngineersService } from '../engineers/engineers.service';
import { ROLES } from '../common/role';
import { AccountsService } from './accounts.service';
import { CreateAccountDto, CreateTokenDto, PasswordResetDto } from './dto/account.dto';
import { IdPipe } from '../common/id.pipe';

@ApiExcludeController()
@Roles('admin')
@Controller('accounts')
export class AccountsPagesController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly engineers: EngineersService,
  ) {}

  @Get()
  @Render('accounts/list')
  async list() {
    const [accounts, engineers, tokens] = await Promise.all([
      this.accounts.list(),
      this.engineers.list(),
      this.accounts.listTokens(),
    ]);
    return { title: message('accounts'), accounts, engineers, tokens, roles: ROLES };
  }

  @Post()
  async create(@Body() body: CreateAccountDto, @Req() req: Request, @Res() res: Response) {
    const account = await this.accounts.create(body);
    req.session.flash = message('accountCreated', { email: account.email });
    res.redirect(303, '/accounts');
  }

  @Post(':id/disable')
  async disable(@Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const account = await this.accounts.setDisabled(req.principal!, id, true);
    req.session.flash = message('accountDisabled', { email: account.email });
    res.redirect(303, '/accounts');
  }

  @Post(':id/enable')
  async enable(@Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const account = await this.accounts.setDisabled(req.principal!, id, false);
    req.session.flash = message('accountEnabled', { email: account.email });
    res.redirect(303, '/accounts');
  }

  @Post(':id/password')
  async resetPassword(
    @Param('id', IdPipe) id: number,
    @Body() body: PasswordResetDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.accounts.resetPassword(id, body.password);
    req.session.flash = message('passwordSetFor', { email: (await this.accounts.get(id)).email });
    res.redirect(303, '/accounts');
  }

  @Post('tokens')
  @Render('accounts/token-created')
  async createToken(@Body() body: CreateTokenDto, @Req() req: Request) {
    const { token } = await this.accounts.createToken(req.principal!.accountId!, body.label);
    return { title: message('apiTokenCreated'), token, label: body.label };
  }

  @Post('tokens/:id/revoke')
  async revokeToken(@Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    await this.accounts.revokeToken(id);
    req.session.flash = message('tokenRevoked');
    res.redirect(303, '/accounts');
  }
}
