import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { FormDto } from '../../common/form.dto';
import { NotBlank, RowId } from '../../common/field-rules';
import { MEETUP_STATUSES } from '../meetup-status';
import type { MeetupStatus } from '../meetup-status';

// Years 2000–2099 only: year 0000 reached PostgreSQL (which has no year 0) as a 500.
const LOCAL = /^20\d{2}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const localMessage = (name: string) => `${name} must be a city-local time like 2026-12-05T19:00 (years 2000–2099)`;

export class MeetupInputDto {
  @ApiProperty()
  @RowId()
  cityId!: number;

  @ApiProperty({ maxLength: 200 })
  @IsString()
  // Only spaces count as empty too: the database refuses them (btrim(title) <> '').
  @NotBlank({ message: 'title must not be empty' })
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

  @ApiPropertyOptional({
    example: '2026-12-01T23:59',
    nullable: true,
    description: 'Local time; before the start. null: none (on update, null clears it and leaving it out keeps it).',
  })
  @IsOptional()
  @Matches(LOCAL, { message: localMessage('rsvpDeadline') })
  rsvpDeadline?: string | null;

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

/** The status buttons of the meetup page: one hidden field and the CSRF token. */
export class MeetupTransitionFormDto extends FormDto {
  @IsIn(MEETUP_STATUSES, { message: `status must be one of ${MEETUP_STATUSES.join(', ')}` })
  status!: MeetupStatus;
}

export const MEETUP_FIELDS = [
  'cityId',
  'title',
  'venue',
  'address',
  'startsAt',
  'endsAt',
  'rsvpDeadline',
  'capacityMin',
  'capacityMax',
] as const;

const NUMERIC = new Set(['cityId', 'capacityMin', 'capacityMax']);

/**
 * A meetup form's strings in the JSON API's shape, for the same validation:
 * whole numbers become numbers (anything else stays text, for the validator to
 * name), an empty number is left out (the default applies), an empty deadline
 * is null (none). Unknown fields pass through, to be refused like in the API.
 */
export function meetupInputFromForm(form: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(form)) {
    const value = typeof raw === 'string' ? raw.trim() : raw;
    if (NUMERIC.has(name)) {
      if (value !== '') input[name] = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
    } else if (name === 'rsvpDeadline') {
      input[name] = value === '' ? null : value;
    } else {
      input[name] = value;
    }
  }
  return input;
}
