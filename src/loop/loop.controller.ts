import { BigIdPipe } from '../common/id.pipe';
import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { MeetupIdPipe } from '../meetups/meetup-id.pipe';
import { QuestionItemDto } from './dto/question-item.dto';
import { QuestionLineageService } from './question-lineage.service';

@ApiTags('loop')
@ApiBearerAuth()
@Controller('api')
export class LoopController {
  constructor(private readonly lineage: QuestionLineageService) {}

  @Get('meetups/:id/question-items')
  @ApiOperation({ summary: "A meetup's questions with the board item each became or joined (null: not yet)" })
  questions(@Param('id', MeetupIdPipe) id: number) {
    return this.lineage.questions(id);
  }

  @Post('questions/:questionId/board-item')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Turns the question into a new board item, or links it to `itemId`; the asker and up-voters follow it (409 when linked already)',
  })
  link(@Param('questionId', BigIdPipe) questionId: string, @Body() body: QuestionItemDto, @Req() req: Request) {
    return this.lineage.toBoardItem(questionId, body.itemId, req.principal!);
  }
}
