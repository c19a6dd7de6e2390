import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Environment, publicUrl } from '../config/environment';
import type { Principal } from '../common/principal';
import type { Locale } from '../common/locale';
import { Account } from './account.entity';
import type { Role } from '../common/role';
import { AccountsRepository } from './accounts.repository';
import { hashPassword, passwordMatches, passwordProblem } from './passwords';
import { KNOWN_ADDRESS_DAYS, SIGN_IN_WINDOW_MINUTES, signInRefusal } from './sign-in-throttle';
import { errorText } from '../common/strings';

const sha256 = (s: string) => createHash('sha256').update(s).digest();
export const tokenHash = (token: string) => sha256(token).toString('hex');

export interface NewAccount {
  email: string;
  name: string;
  role: Role;
  password: string;
  locale?: Locale;
  engineerId?: number | null;
}

export function principalOf(account: Account, via: Principal['via']): Principal {
  return {
    accountId: account.id,
    name: account.name,
    email: account.email,
    role: account.role,
    engineerId: account.engineerId,
    locale: account.locale,
    via,
  };
}

@Injectable()
export class AccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Accounts');

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly env: Environment,
  ) {}

  /** A fresh install gets its first admin: from ADMIN_EMAIL/ADMIN_PASSWORD, or a generated password shown once. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.accounts.count()) > 0) return;
    const email = this.env.ADMIN_EMAIL ?? 'admin@meetloop.local';
    let password = this.env.ADMIN_PASSWORD;
    if (!password) {
      if (this.env.NODE_ENV === 'production') {
        this.logger.error('No account exists: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first admin.');
        return;
      }
      password = randomBytes(12).toString('base64url');
    }
    try {
      await this.create({ email, name: 'Administrator', role: 'admin', password });
    } catch (error) {
      // Several instances starting at once on a fresh database: one of them creates the admin, the others see
      // its row (the email's unique index) and start normally.
      if (error instanceof ConflictException && (await this.accounts.count()) > 0) return;
      throw error;
    }
    if (!this.env.ADMIN_PASSWORD) {
      this.logger.warn(
        `First admin created. Sign in at ${publicUrl(this.env)}/login as ${email} with password ${password} ` +
          '(shown once; change it under "Password").',
      );
    } else {
      this.logger.log(`First admin created: ${email}`);
    }
  }

  /** Refuses with a 429 while this address may not try a password for this email (sign-in-throttle.ts). */
  private async refuseWhenThrottled(email: string, ip: string, what: string): Promise<void> {
    const history = await this.accounts.recentFailures(email, ip, SIGN_IN_WINDOW_MINUTES, KNOWN_ADDRESS_DAYS);
    const refusal = signInRefusal(history);
    if (!refusal) return;
    this.logger.warn(`${what} refused (too many failures, per ${refusal}) for ${email} from ${ip}`);
    throw new HttpException(
      `Too many failed sign-ins. Wait ${SIGN_IN_WINDOW_MINUTES} minutes and try again.`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  async signIn(email: string, password: string, ip: string): Promise<Account> {
    await this.refuseWhenThrottled(email, ip, 'Sign-in');
    const account = await this.accounts.findByEmailWithSecret(email);
    // Verify even for unknown emails, so response time does not reveal which accounts exist.
    const ok = await passwordMatches(account?.passwordHash ?? DUMMY_HASH, password);
    const allowed = ok && !!account && !account.disabledAt;
    await this.accounts.recordSignIn(email, ip, allowed);
    if (!allowed) {
      this.logger.warn(
        `Failed sign-in for ${email} from ${ip}: ${!account ? 'unknown email' : account.disabledAt ? 'disabled account' : 'wrong password'}`,
      );
      throw new BadRequestException('Email or password is wrong, or the account is disabled.');
    }
    return (await this.accounts.findById(account.id))!;
  }

  /** The signed-in account behind a session, or null when it is gone or disabled. */
  async activeAccount(id: number): Promise<Account | null> {
    const account = await this.accounts.findById(id);
    return account && !account.disabledAt ? account : null;
  }

  /** Resolves a bearer token: the machine token from API_TOKEN, or a token an admin created. */
  async principalForToken(token: string): Promise<Principal | null> {
    if (this.env.API_TOKEN && timingSafeEqual(sha256(token), sha256(this.env.API_TOKEN))) {
      return {
        accountId: null,
        name: 'API_TOKEN',
        email: '',
        role: 'admin',
        engineerId: null,
        locale: 'en',
        via: 'environment-token',
      };
    }
    const accountId = await this.accounts.accountForToken(tokenHash(token));
    const account = accountId ? await this.activeAccount(accountId) : null;
    return account ? principalOf(account, 'token') : null;
  }

  /** The active account of an engineer: where their meetup emails go, in their language. */
  async forEngineer(engineerId: number): Promise<Account | null> {
    return this.accounts.activeForEngineer(engineerId);
  }

  list(): Promise<Account[]> {
    return this.accounts.list();
  }

  async get(id: number): Promise<Account> {
    const account = await this.accounts.findById(id);
    if (!account) throw new NotFoundException(errorText('accountMissing', { id: String(id) }));
    return account;
  }

  async create(input: NewAccount): Promise<Account> {
    const problem = passwordProblem(input.password);
    if (problem) throw new BadRequestException(errorText(problem));
    if ((input.role === 'engineer') !== (input.engineerId != null)) {
      throw new BadRequestException(errorText('accountEngineerLink'));
    }
    try {
      return await this.accounts.insert({
        email: input.email.trim(),
        name: input.name.trim(),
        role: input.role,
        locale: input.locale ?? 'en',
        engineerId: input.engineerId ?? null,
        passwordHash: await hashPassword(input.password),
      });
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new ConflictException(errorText('accountTaken'));
      }
      if ((error as { code?: string }).code === '23503')
        throw new BadRequestException(errorText('accountEngineerMissing'));
      throw error;
    }
  }

  /**
   * A new password for the signed-in account. The current-password check counts like a sign-in (a
   * stolen session must not become an unlimited password oracle), and every other session of the
   * account ends: whoever else held one is out.
   */
  async changePassword(
    accountId: number,
    current: string,
    next: string,
    from: { sessionId: string; ip: string },
  ): Promise<void> {
    const account = await this.get(accountId);
    await this.refuseWhenThrottled(account.email, from.ip, 'Password change');
    const hash = await this.accounts.findPasswordHash(accountId);
    if (!hash || !(await passwordMatches(hash, current))) {
      await this.accounts.recordSignIn(account.email, from.ip, false);
      this.logger.warn(`Wrong current password for ${account.email} from ${from.ip} (password change)`);
      throw new BadRequestException(errorText('currentPasswordWrong'));
    }
    const problem = passwordProblem(next);
    if (problem) throw new BadRequestException(errorText(problem));
    await this.accounts.setPasswordHash(accountId, await hashPassword(next));
    await this.accounts.endSessions(accountId, from.sessionId);
  }

  async resetPassword(accountId: number, password: string): Promise<void> {
    await this.get(accountId);
    const problem = passwordProblem(password);
    if (problem) throw new BadRequestException(errorText(problem));
    await this.accounts.setPasswordHash(accountId, await hashPassword(password));
    await this.accounts.endSessions(accountId);
  }

  async setDisabled(actor: Principal, accountId: number, disabled: boolean): Promise<Account> {
    const account = await this.get(accountId);
    if (disabled && actor.accountId === accountId) throw new ForbiddenException(errorText('accountOwnDisable'));
    await this.accounts.update(accountId, { disabledAt: disabled ? new Date() : null });
    if (disabled) await this.accounts.endSessions(accountId);
    this.logger.log(`${actor.email || actor.name} ${disabled ? 'disabled' : 'enabled'} account ${account.email}`);
    return this.get(accountId);
  }

  async setLocale(accountId: number, locale: Locale): Promise<void> {
    await this.accounts.update(accountId, { locale });
  }

  /** Creates an API token and returns it in clear this once; only its hash is stored. */
  async createToken(accountId: number, label: string): Promise<{ id: number; token: string }> {
    const token = `mlt_${randomBytes(32).toString('base64url')}`;
    const saved = await this.accounts.insertToken(accountId, label.trim(), tokenHash(token));
    return { id: saved.id, token };
  }

  listTokens() {
    return this.accounts.listTokens();
  }

  async revokeToken(id: number): Promise<void> {
    if (!(await this.accounts.revokeToken(id)))
      throw new NotFoundException(errorText('tokenMissing', { id: String(id) }));
  }
}

// A valid argon2id hash of a random string, verified against when the email is unknown.
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$aCgItl9Ral19La57RwvMjA$W5DaujVObUIxnwVC9uv8tGUYwNiFYYass+mByU9B1M8';
