import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MEETUP_STATUSES } from '../meetup-status';
import type { MeetupStatus } from '../meetup-status';

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const localMessage = (name: string) => `${name} must be a city-local time like 2026-12-05T19:00`;

export class MeetupInputDto {
  @ApiProperty()
  @IsInt({ message: 'cityId must be a whole number' })
  cityId!: number;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  venue?: string;

  @ApiPropertyOptional({ maxLength: 500 })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiProperty({ example: '2026-12-05T19:00', description: "Local time in the city's time zone." })
  @Matches(LOCAL, { message: localMessage('startsAt') })
  startsAt!: string;

  @ApiProperty({ example: '2026-12-05T22:00', description: "Local time in the city's time zone." })
  @Matches(LOCAL, { message: localMessage('endsAt') })
  endsAt!: string;

  @ApiPropertyOptional({ example: '2026-12-01T23:59', description: 'Local time; before the start.' })
  @IsOptional()
  @Matches(LOCAL, { message: localMessage('rsvpDeadline') })
  rsvpDeadline?: string;

  @ApiPropertyOptional({ default: 30, minimum: 1, maximum: 500 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  capacityMin?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  capacityMax?: number;
}

export class MeetupUpdateDto extends PartialType(MeetupInputDto) {}

export class MeetupTransitionDto {
  @ApiProperty({ enum: MEETUP_STATUSES })
  @IsIn(MEETUP_STATUSES, { message: `status must be one of ${MEETUP_STATUSES.join(', ')}` })
  status!: MeetupStatus;
}
