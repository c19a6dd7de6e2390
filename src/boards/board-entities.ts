import { BoardItemSearchKey } from './items/board-item-search-key.entity';
import { BoardItemStatus } from './items/board-item-status.entity';
import { BoardItem } from './items/board-item.entity';
import { BoardMerge } from './merges/board-merge.entity';
import { BoardMailSetting } from './notices/board-mail-setting.entity';
import { BoardNotice } from './notices/board-notice.entity';
import { BoardReleaseItem } from './releases/board-release-item.entity';
import { BoardRelease } from './releases/board-release.entity';
import { MemberSignInLink } from './sign-in/member-sign-in-link.entity';
import { BoardFollower } from './votes/board-follower.entity';
import { BoardVote } from './votes/board-vote.entity';

/** The boards' tables, listed once for src/database/entities.ts. */
export const BOARD_ENTITIES = [
  BoardItem,
  BoardItemSearchKey,
  BoardItemStatus,
  BoardMerge,
  BoardVote,
  BoardFollower,
  BoardRelease,
  BoardReleaseItem,
  BoardNotice,
  BoardMailSetting,
  MemberSignInLink,
];
