import { Injectable, NotFoundException } from '@nestjs/common';
import { MemberListRow, MemberQueries, MemberSearch } from './members.repository';
import { errorText } from '../common/strings';

export const MEMBERS_PAGE_SIZE = 50;

export interface MemberPage {
  members: MemberListRow[];
  /** Pass as `before` for the next page; null on the last page. */
  next: string | null;
}

@Injectable()
export class MembersService {
  constructor(private readonly queries: MemberQueries) {}

  async search(params: Omit<MemberSearch, 'limit'> & { limit?: number }): Promise<MemberPage> {
    const limit = params.limit ?? MEMBERS_PAGE_SIZE;
    // One row more than shown tells whether a next page exists.
    const rows = await this.queries.search({ ...params, limit: limit + 1 });
    const members = rows.slice(0, limit);
    return { members, next: rows.length > limit ? members[members.length - 1].id : null };
  }

  async get(id: string): Promise<MemberListRow> {
    const member = /^\d{1,18}$/.test(id) ? await this.queries.findById(id) : null;
    if (!member) throw new NotFoundException(errorText('memberMissing', { id }));
    return member;
  }

  /** The member with this email (any case), or null: member sign-in asks without revealing who exists. */
  findByEmail(email: string): Promise<MemberListRow | null> {
    return this.queries.findByEmail(email.trim());
  }

  async unsubscribe(id: string): Promise<void> {
    if (!(await this.queries.unsubscribe(id))) throw new NotFoundException(errorText('memberMissing', { id }));
  }

  count(): Promise<number> {
    return this.queries.count();
  }
}
