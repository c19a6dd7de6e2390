import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseEnumPipe,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  ValidationPipe,
} from '@nestjs/common';
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
import { announcementMarkdown } from './announcement';
import { LOCALES } from '../members/member.entity';
import type { Locale } from '../members/member.entity';

const body = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
const optionalInt = new ParseIntPipe({ optional: true });

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
  get(@Param('id', ParseIntPipe) id: number): Promise<MeetupView> {
    return this.meetups.get(id);
  }

  /** The forum post generated from views/announcements/<locale>.md.hbs (not stored or published yet). */
  @Get(':id/announcement')
  @ApiQuery({ name: 'locale', required: false, enum: LOCALES })
  async announcement(
    @Param('id', ParseIntPipe) id: number,
    @Query('locale', new ParseEnumPipe(LOCALES, { optional: true })) locale?: Locale,
  ): Promise<{ locale: Locale; markdown: string }> {
    const l = locale ?? 'zh-CN';
    return { locale: l, markdown: announcementMarkdown(await this.meetups.get(id), l) };
  }

  @Post()
  @ApiCreatedResponse({ description: 'A draft meetup; times are local to the city.' })
  @ApiConflictResponse({ description: 'Overlaps another meetup in the same city.' })
  create(@Body(body) input: MeetupInputDto): Promise<MeetupView> {
    return this.meetups.create(input);
  }

  @Patch(':id')
  update(@Param('id', ParseIntPipe) id: number, @Body(body) input: MeetupUpdateDto): Promise<MeetupView> {
    return this.meetups.update(id, input);
  }

  @Post(':id/status')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The meetup after the transition.' })
  @ApiConflictResponse({ description: 'Illegal transition; the body lists `allowed`.' })
  transition(@Param('id', ParseIntPipe) id: number, @Body(body) input: MeetupTransitionDto): Promise<MeetupView> {
    return this.meetups.transition(id, input.status);
  }
}
