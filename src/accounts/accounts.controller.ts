import { Body, ForbiddenException, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Roles } from '../common/access.decorators';
import { ROLES } from '../common/role';
import { AccountsService } from './accounts.service';
import { CreateAccountDto, CreateTokenDto, PasswordResetDto } from './dto/account.dto';
import { IdPipe } from '../common/id.pipe';

@ApiTags('accounts')
@ApiBearerAuth()
@Roles('admin')
@Controller('api')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  /** Who the caller is. */
  @Roles(...ROLES)
  @Get('me')
  me(@Req() req: Request) {
    return req.principal;
  }

  @Get('accounts')
  list() {
    return this.accounts.list();
  }

  @Post('accounts')
  @ApiCreatedResponse({ description: 'The new account (without its password).' })
  async create(@Body() body: CreateAccountDto) {
    const { id } = await this.accounts.create(body);
    return this.accounts.get(id);
  }

  @Post('accounts/:id/disable')
  @HttpCode(200)
  disable(@Param('id', IdPipe) id: number, @Req() req: Request) {
    return this.accounts.setDisabled(req.principal!, id, true);
  }

  @Post('accounts/:id/enable')
  @HttpCode(200)
  enable(@Param('id', IdPipe) id: number, @Req() req: Request) {
    return this.accounts.setDisabled(req.principal!, id, false);
  }

  @Post('accounts/:id/password')
  @HttpCode(204)
  resetPassword(@Param('id', IdPipe) id: number, @Body() body: PasswordResetDto) {
    return this.accounts.resetPassword(id, body.password);
  }

  @Get('tokens')
  tokens() {
    return this.accounts.listTokens();
  }

  /** The token is in the answer this once; only its hash is stored. */
  @Post('tokens')
  createToken(@Body() body: CreateTokenDto, @Req() req: Request) {
    // A token minting tokens would outlive its own revocation: only a person, signed in, creates them.
    if (req.principal!.via !== 'session') this.noAccount();
    return this.accounts.createToken(req.principal!.accountId ?? this.noAccount(), body.label);
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  revokeToken(@Param('id', IdPipe) id: number) {
    return this.accounts.revokeToken(id);
  }

  private noAccount(): never {
    throw new ForbiddenException('Create tokens while signed in as an admin account, not with an API token.');
  }
}
