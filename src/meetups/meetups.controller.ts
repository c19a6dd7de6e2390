import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, ValidationPipe } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { MeetupInputDto, MeetupTransitionDto, MeetupUpdateDto } from './dto/meetup-input.dto';
import { MeetupsService, MeetupView } from './meetups.service';
import { IdPipe } from '../common/id.pipe';
import { MeetupIdPipe } from './meetup-id.pipe';

const body = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
const optionalInt = new IdPipe({ optional: true });

@ApiTags('meetups')
@ApiBearerAuth()
@Controller('api/meetups')
export class MeetupsController {
  constructor(private readonly meetups: MeetupsService) {}

  @Get()
  @ApiQuery({ name: 'cityId', required: false, type: Number })
  list(@Query('cityId', optionalInt) cityId?: number): Promise<MeetupView[]> {
    return this.meetups.list(cityId);
  }

  @Get(':id')
  get(@Param('id', MeetupIdPipe) id: number): Promise<MeetupView> {
    return this.meetups.get(id);
  }

  @Post()
  @ApiCreatedResponse({ description: 'A draft meetup; times are local to the city.' })
  @ApiConflictResponse({ description: 'Overlaps another meetup in the same city.' })
  create(@Body(body) input: MeetupInputDto): Promise<MeetupView> {
    return this.meetups.create(input);
  }

  @Patch(':id')
  update(@Param('id', MeetupIdPipe) id: number, @Body(body) input: MeetupUpdateDto): Promise<MeetupView> {
    return this.meetups.update(id, input);
  }

  @Post(':id/status')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The meetup after the transition.' })
  @ApiConflictResponse({ description: 'Illegal transition; the body lists `allowed`.' })
  transition(@Param('id', MeetupIdPipe) id: number, @Body(body) input: MeetupTransitionDto): Promise<MeetupView> {
    return this.meetups.transition(id, input.status);
  }
}
