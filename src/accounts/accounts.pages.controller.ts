import { Body, Controller, Get, Param, Post, Render, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Roles } from '../common/access.decorators';
import { message } from '../common/strings';
import { flashAndRedirect } from '../common/flash';
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
    flashAndRedirect(req, res, '/accounts', 'accountCreated', { email: account.email });
  }

  @Post(':id/disable')
  async disable(@Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const account = await this.accounts.setDisabled(req.principal!, id, true);
    flashAndRedirect(req, res, '/accounts', 'accountDisabled', { email: account.email });
  }

  @Post(':id/enable')
  async enable(@Param('id', IdPipe) id: number, @Req() req: Request, @Res() res: Response) {
    const account = await this.accounts.setDisabled(req.principal!, id, false);
    flashAndRedirect(req, res, '/accounts', 'accountEnabled', { email: account.email });
  }

  @Post(':id/password')
  async resetPassword(
    @Param('id', IdPipe) id: number,
    @Body() body: PasswordResetDto,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.accounts.resetPassword(id, body.password);
    const { email } = await this.accounts.get(id);
    flashAndRedirect(req, res, '/accounts', 'passwordSetFor', { email });
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
    flashAndRedirect(req, res, '/accounts', 'tokenRevoked');
  }
}
