import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { RANKING_ORDERS } from '../city-ranking';
import type { RankingOrder } from '../city-ranking';

export class RankingQueryDto {
  @ApiPropertyOptional({ enum: RANKING_ORDERS, default: 'members' })
  @IsOptional()
  @IsIn(RANKING_ORDERS, { message: `order must be one of ${RANKING_ORDERS.join(', ')}` })
  order?: RankingOrder;
}
