import { Module } from '@nestjs/common';
import { EngineersModule } from '../engineers/engineers.module';
import { MailModule } from '../mail/mail.module';
import { MembersModule } from '../members/members.module';
import { ProductAreasModule } from '../product-areas/product-areas.module';
import { BoardItemsController } from './board-items.controller';
import { BoardJobs } from './board-jobs';
import { BoardPageSections } from './pages/board-page-sections';
import { BoardsController } from './boards.controller';
import { BoardAccess } from './items/board-access';
import { BoardAreas } from './items/board-areas';
import { BoardItemsRepository } from './items/board-items.repository';
import { BoardItemsService } from './items/board-items.service';
import { BoardModerationService } from './items/board-moderation.service';
import { BoardStatusService } from './items/board-status.service';
import { BoardMergesRepository } from './merges/board-merges.repository';
import { BoardMergesService } from './merges/board-merges.service';
import { BoardDigestsService } from './notices/board-digests.service';
import { BoardNoticesRepository } from './notices/board-notices.repository';
import { BoardMemberActionsPagesController } from './pages/board-member-actions.pages.controller';
import { BoardStaffPagesController } from './pages/board-staff.pages.controller';
import { BoardsPagesController } from './pages/boards.pages.controller';
import { MemberPagesController } from './pages/member.pages.controller';
import { BoardReleasesController } from './releases/board-releases.controller';
import { BoardReleasesPagesController } from './releases/board-releases.pages.controller';
import { BoardReleasesRepository } from './releases/board-releases.repository';
import { BoardReleasesService } from './releases/board-releases.service';
import { MemberSessionInterceptor } from './sign-in/member-session.interceptor';
import { MemberSignInRepository } from './sign-in/member-sign-in.repository';
import { MemberSignInService } from './sign-in/member-sign-in.service';
import { MemberController } from './sign-in/member.controller';
import { BoardVotesRepository } from './votes/board-votes.repository';
import { BoardVotesService } from './votes/board-votes.service';
import { BoardWebhooksService } from './webhooks/board-webhooks.service';

/**
 * Public product boards: items with their adoption status and handler, votes, merges, releases,
 * digests and webhooks, and members' sign-in by emailed link. Other modules use the exported
 * services: BoardItemsService (createItem, follow, findSimilar), BoardVotesService, BoardStatusService,
 * MemberSignInService.
 */
@Module({
  imports: [EngineersModule, MembersModule, MailModule, ProductAreasModule],
  controllers: [
    BoardsController,
    BoardItemsController,
    BoardReleasesController,
    MemberController,
    BoardsPagesController,
    BoardMemberActionsPagesController,
    BoardStaffPagesController,
    MemberPagesController,
    BoardReleasesPagesController,
  ],
  providers: [
    BoardPageSections,
    BoardAreas,
    BoardAccess,
    BoardItemsRepository,
    BoardItemsService,
    BoardStatusService,
    BoardModerationService,
    BoardVotesRepository,
    BoardVotesService,
    BoardMergesRepository,
    BoardMergesService,
    BoardReleasesRepository,
    BoardReleasesService,
    BoardNoticesRepository,
    BoardDigestsService,
    BoardWebhooksService,
    MemberSignInRepository,
    MemberSignInService,
    MemberSessionInterceptor,
    BoardJobs,
  ],
  exports: [
    BoardItemsService,
    BoardVotesService,
    BoardStatusService,
    MemberSignInService,
    BoardAccess,
    BoardPageSections,
  ],
})
export class BoardsModule {}
