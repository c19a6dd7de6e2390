import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/access.decorators';
import { BoardListQueryDto } from './dto/board-input.dto';
import { BoardAreas } from './items/board-areas';
import { BoardItemsService } from './items/board-items.service';
import { ROADMAP_STATUSES } from './items/board-status';
import { BoardReleasesService } from './releases/board-releases.service';

const ROADMAP_LIMIT = 20;

/** Boards, roadmaps and the changelog as JSON; all public. */
@ApiTags('boards')
@Public()
@Controller('api')
export class BoardsController {
  constructor(
    private readonly items: BoardItemsService,
    private readonly areas: BoardAreas,
    private readonly releases: BoardReleasesService,
  ) {}

  @Get('boards')
  @ApiOperation({ summary: 'Every board (one per product area) with its listed items per status.' })
  boards() {
    return this.items.boards();
  }

  @Get('boards/:slug/items')
  @ApiOperation({ summary: 'One page (20) of a board: top by votes or newest, optionally one status.' })
  board(@Param('slug') slug: string, @Query() query: BoardListQueryDto) {
    return this.items.board(slug, query.sort ?? 'top', query.status ?? null, query.page ?? 1);
  }

  @Get('boards/:slug/roadmap')
  @ApiOperation({ summary: 'Planned, in progress and shipped lately on one board.' })
  async roadmap(@Param('slug') slug: string) {
    const area = await this.areas.bySlug(slug);
    const columns = await Promise.all(
      ROADMAP_STATUSES.map(async (status) => ({
        status,
        items: await this.items.byStatus([status], [area.id], ROADMAP_LIMIT),
      })),
    );
    return { area, columns };
  }

  @Get('releases')
  @ApiOperation({ summary: 'The changelog: published releases with the items they shipped, newest first.' })
  changelog() {
    return this.releases.changelog();
  }
}
