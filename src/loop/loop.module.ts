import { Module } from '@nestjs/common';
import { BoardsModule } from '../boards/boards.module';
import { LoopController } from './loop.controller';
import { LoopPagesController } from './loop.pages.controller';
import { LoopBoardSections } from './loop-board-sections';
import { LoopRepository } from './loop.repository';
import { QuestionLineageService } from './question-lineage.service';

/** The loop from meetups to the boards: attendees' questions become (or join) board items their askers follow. */
@Module({
  imports: [BoardsModule],
  controllers: [LoopController, LoopPagesController],
  providers: [LoopRepository, QuestionLineageService, LoopBoardSections],
  exports: [QuestionLineageService],
})
export class LoopModule {}
