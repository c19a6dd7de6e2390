import { BadRequestException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Principal } from '../common/principal';
import { MemberErasureRepository } from './member-erasure.repository';

/**
 * Erasing a member on request (PIPL, GDPR): an admin confirms with the member's email address, and
 * one transaction makes the member anonymous everywhere their data lives (member-erasure.repository).
 * The log names the member by id only, so the log does not keep what the erasure removed.
 */
@Injectable()
export class MemberErasureService {
  private readonly logger = new Logger('Members');

  constructor(private readonly erasure: MemberErasureRepository) {}

  async erase(id: string, confirm: string, by: Principal): Promise<void> {
    await this.erasure.transaction(async (manager) => {
      const member = await this.erasure.lockMember(manager, id);
      if (!member) throw new NotFoundException(`There is no member ${id}.`);
      if (confirm.trim().toLowerCase() !== member.email.toLowerCase()) {
        throw new BadRequestException("confirm must be the member's email address, to make sure the right one goes.");
      }
      await this.erasure.erase(manager, id, member.email);
    });
    this.logger.log(`Member ${id} erased at their request by ${by.email || by.name}`);
  }
}
