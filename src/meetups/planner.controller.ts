import { Body, Controller, Get, Post, Query, ValidationPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AcceptPlanDto, PlanQueryDto } from './dto/planner.dto';
import { MeetupView } from './meetups.service';
import { ProposedMeetup } from './planner';
import { PlannerService } from './planner.service';

const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });

@ApiTags('planner')
@ApiBearerAuth()
@Controller('api/planner')
export class PlannerController {
  constructor(private readonly planner: PlannerService) {}

  /** Proposes a schedule; nothing is stored. */
  @Get()
  @ApiOkResponse({ description: 'Proposed meetups, cycle by cycle, with city-local start times.' })
  propose(@Query(pipe) q: PlanQueryDto): Promise<ProposedMeetup[]> {
    return this.planner.propose(q);
  }

  /** Stores accepted proposals as draft meetups; later proposals keep them fixed. */
  @Post('accept')
  @ApiCreatedResponse({ description: 'The draft meetups created.' })
  accept(@Body(pipe) plan: AcceptPlanDto): Promise<MeetupView[]> {
    return this.planner.accept(plan);
  }
}
