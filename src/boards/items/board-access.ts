import { ForbiddenException, Injectable } from '@nestjs/common';
import type { Principal } from '../../common/principal';
import { errorText } from '../../common/strings';
import { EngineersService } from '../../engineers/engineers.service';

/**
 * THE per-product-area access check of the boards, in one place: staff and admins handle every item;
 * an engineer handles the items of the product areas on their engineer profile, nothing else.
 * (Per-meetup engineer access is the matching module's; this one is per product area.)
 */
@Injectable()
export class BoardAccess {
  constructor(private readonly engineers: EngineersService) {}

  async canHandle(principal: Principal | undefined, areaId: number): Promise<boolean> {
    if (!principal) return false;
    if (principal.role === 'admin' || principal.role === 'staff') return true;
    if (principal.role !== 'engineer' || principal.engineerId === null) return false;
    const engineer = await this.engineers.get(principal.engineerId);
    return engineer.active && engineer.productAreaIds.includes(areaId);
  }

  async requireHandler(principal: Principal | undefined, areaId: number): Promise<void> {
    if (!(await this.canHandle(principal, areaId))) throw new ForbiddenException(errorText('boardNotYourArea'));
  }

  /** The product areas this viewer handles: all for staff, the profile's for an engineer. */
  async areasOf(principal: Principal | undefined): Promise<number[] | 'all'> {
    if (!principal) return [];
    if (principal.role === 'admin' || principal.role === 'staff') return 'all';
    if (principal.role !== 'engineer' || principal.engineerId === null) return [];
    return (await this.engineers.get(principal.engineerId)).productAreaIds;
  }

  isStaff(principal: Principal | undefined): boolean {
    return principal?.role === 'admin' || principal?.role === 'staff';
  }
}
