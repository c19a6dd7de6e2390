import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Principal } from '../../common/principal';
import { ReleaseDto } from '../dto/board-input.dto';
import { BoardReleasesService } from './board-releases.service';

/** Staff write and publish releases (the public changelog is GET /api/releases). */
@ApiTags('boards')
@ApiBearerAuth()
@Controller('api/releases')
export class BoardReleasesController {
  constructor(private readonly releases: BoardReleasesService) {}

  @Post()
  @ApiOperation({ summary: 'A draft release listing the items it ships.' })
  create(@Body() body: ReleaseDto, @Req() req: Request) {
    return this.releases.create(body, req.principal as Principal);
  }

  @Get('drafts')
  drafts() {
    return this.releases.drafts();
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.releases.get(id);
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ships its items (history names the release) and tells their voters, in one transaction.' })
  publish(@Param('id') id: string, @Req() req: Request) {
    return this.releases.publish(id, req.principal as Principal);
  }
}
