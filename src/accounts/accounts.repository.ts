import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Account } from './account.entity';
import type { Role } from '../common/role';
import { ApiToken } from './api-token.entity';

export interface AccountWithSecret extends Account {
  passwordHash: string;
}

export interface SignInHistory {
  byEmail: number;
  byEmailAndIp: number;
  byIp: number;
  /** This address signed in to this account successfully before (recently). */
  knownAddress: boolean;
}

@Injectable()
export class AccountsRepository {
  constructor(private readonly dataSource: DataSource) {}

  count(): Promise<number> {
    return this.dataSource.getRepository(Account).count();
  }

  findById(id: number): Promise<Account | null> {
    return this.dataSource.getRepository(Account).findOne({ where: { id }, relations: { engineer: true } });
  }

  /** Uses accounts_engineer_id_key. */
  activeForEngineer(engineerId: number): Promise<Account | null> {
    return this.dataSource.getRepository(Account).findOne({ where: { engineerId, disabledAt: IsNull() } });
  }

  /** Uses accounts_email_key (lower(email)). */
  findByEmailWithSecret(email: string): Promise<AccountWithSecret | null> {
    return this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .addSelect('a.passwordHash')
      .where('lower(a.email) = lower(:email)', { email })
      .getOne() as Promise<AccountWithSecret | null>;
  }

  findPasswordHash(id: number): Promise<string | null> {
    return this.dataSource
      .getRepository(Account)
      .createQueryBuilder('a')
      .addSelect('a.passwordHash')
      .where('a.id = :id', { id })
      .getOne()
      .then((a) => a?.passwordHash ?? null);
  }

  list(): Promise<Account[]> {
    return this.dataSource.getRepository(Account).find({ order: { name: 'ASC' }, relations: { engineer: true } });
  }

  insert(
    account: Pick<Account, 'email' | 'name' | 'role' | 'locale' | 'engineerId'> & { passwordHash: string },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Account> {
    return manager.getRepository(Account).save(manager.getRepository(Account).create(account));
  }

  async update(id: number, changes: Partial<Pick<Account, 'name' | 'role' | 'locale' | 'disabledAt' | 'engineerId'>>) {
    await this.dataSource.getRepository(Account).update({ id }, changes);
  }

  async setPasswordHash(id: number, passwordHash: string): Promise<void> {
    await this.dataSource.getRepository(Account).update({ id }, { passwordHash });
  }

  /** Ends every session of the account (sessions.sess holds accountId). */
  /** Signs the account out everywhere, except in the session `keep` (the one that changed the password). */
  async endSessions(accountId: number, keep?: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM sessions WHERE (sess ->> 'accountId')::int = $1 AND ($2::text IS NULL OR sid <> $2)`,
      [accountId, keep ?? null],
    );
  }

  async recordSignIn(email: string, ip: string, succeeded: boolean): Promise<void> {
    await this.dataSource.query('INSERT INTO sign_in_attempts (email, ip, succeeded) VALUES ($1, $2, $3)', [
      email.slice(0, 254),
      ip,
      succeeded,
    ]);
  }

  /**
   * Recent failures for this email (from anywhere, and from this address) and from this address, and
   * whether this address signed in to this email successfully in the last `knownDays`. Uses
   * sign_in_attempts_email_at_idx and _ip_at_idx.
   */
  async recentFailures(email: string, ip: string, minutes: number, knownDays: number): Promise<SignInHistory> {
    const [row]: { by_email: string; by_email_and_ip: string; by_ip: string; known: boolean }[] =
      await this.dataSource.query(
        `SELECT count(*) FILTER (WHERE NOT succeeded AND at > now() - make_interval(mins => $3)) AS by_email,
                count(*) FILTER (WHERE NOT succeeded AND ip = $2 AND at > now() - make_interval(mins => $3))
                  AS by_email_and_ip,
                coalesce(bool_or(succeeded AND ip = $2), false) AS known,
                (SELECT count(*) FROM sign_in_attempts
                  WHERE ip = $2 AND NOT succeeded AND at > now() - make_interval(mins => $3)) AS by_ip
           FROM sign_in_attempts
          WHERE lower(email) = lower($1) AND at > now() - make_interval(days => $4)`,
        [email, ip, minutes, knownDays],
      );
    return {
      byEmail: Number(row.by_email),
      byEmailAndIp: Number(row.by_email_and_ip),
      byIp: Number(row.by_ip),
      knownAddress: row.known,
    };
  }

  countByRole(role: Role): Promise<number> {
    return this.dataSource.getRepository(Account).count({ where: { role } });
  }

  // API tokens

  async insertToken(accountId: number, label: string, tokenHash: string): Promise<ApiToken> {
    const repo = this.dataSource.getRepository(ApiToken);
    return repo.save(repo.create({ accountId, label, tokenHash }));
  }

  listTokens(): Promise<ApiToken[]> {
    return this.dataSource.getRepository(ApiToken).find({ order: { createdAt: 'DESC' }, relations: { account: true } });
  }

  async revokeToken(id: number): Promise<boolean> {
    const result = await this.dataSource
      .getRepository(ApiToken)
      .createQueryBuilder()
      .update()
      .set({ revokedAt: () => 'now()' })
      .where('id = :id AND revoked_at IS NULL', { id })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** The live token's account; marks the token used. Uses api_tokens_token_hash_key. */
  async accountForToken(tokenHash: string): Promise<number | null> {
    const rows: { account_id: number }[] = await this.dataSource.query(
      `WITH used AS (
         UPDATE api_tokens SET last_used_at = now()
          WHERE token_hash = $1 AND revoked_at IS NULL
          RETURNING account_id
       )
       SELECT account_id FROM used`,
      [tokenHash],
    );
    return rows[0]?.account_id ?? null;
  }
}
