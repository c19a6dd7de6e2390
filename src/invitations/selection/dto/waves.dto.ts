import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { emptyToUndefined, FormDto, optionalNumber } from '../../../common/form.dto';

const MEMBER_ID = /^\d{1,18}$/;

/**
 * Member ids from JSON (an array of strings or numbers) or a form (one field, repeated fields,
 * or one comma-separated field): always a list of strings for the validators.
 */
const idList = ({ value }: { value: unknown }) => {
  if (value === undefined || value === null || value === '') return undefined;
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]))
    .map((v) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v))
    .filter((v) => v !== '');
};

function MemberIds(description: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ description, type: [String], example: ['1042', '1077'] })(target, key);
    Transform(idList)(target, key);
    IsOptional()(target, key);
    IsArray({ message: `${String(key)} must be a list of member ids` })(target, key);
    ArrayMaxSize(1000)(target, key);
    Matches(MEMBER_ID, { each: true, message: `each of ${String(key)} must be a member id (digits)` })(target, key);
  };
}

export class InviteesQueryDto {
  @ApiPropertyOptional({
    description: 'How many ranked members to list; default: the next wave size and 20 more.',
    minimum: 1,
    maximum: 500,
  })
  @Transform(optionalNumber)
  @IsOptional()
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(500)
  limit?: number;
}

export class SendWaveDto extends FormDto {
  @ApiPropertyOptional({
    enum: ['next'],
    description: 'The next-ranked members, as many as the next wave may invite (first wave: first wave size).',
  })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['next'], { message: 'wave must be "next"' })
  wave?: 'next';

  @MemberIds('Members to leave out of this meetup (not replaced; no later wave proposes them).')
  exclude?: string[];

  @MemberIds('Members to invite by hand, ranked or not.')
  add?: string[];

  @MemberIds('The proposal you reviewed: the wave goes out only if the ranking still proposes exactly these.')
  proposed?: string[];
}

/** The proposal page's one form: search for members to add, or send. */
export class InviteesFormDto extends SendWaveDto {
  @IsOptional()
  @IsIn(['search', 'send'])
  action?: 'search' | 'send';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class WaveSettingsDto {
  @ApiPropertyOptional({
    type: Number,
    nullable: true,
    minimum: 1,
    maximum: 1000,
    description: 'Invitations in the first wave; null: as many as the capacity maximum.',
  })
  @ValidateIf((_, v) => v !== null)
  @IsOptional()
  @IsInt({ message: 'firstWaveSize must be a whole number or null' })
  @Min(1)
  @Max(1000)
  firstWaveSize?: number | null;

  @ApiPropertyOptional({ description: 'Send later waves automatically when seats come free before the deadline.' })
  @IsOptional()
  @IsBoolean({ message: 'autoWaves must be true or false' })
  autoWaves?: boolean;
}

/** The same settings from the page's form: an empty size means "capacity maximum", a checkbox is on or absent. */
export class WaveSettingsFormDto extends FormDto {
  @Transform(({ value }: { value: unknown }) => (value === '' || value === undefined ? null : Number(value)))
  @ValidateIf((_, v) => v !== null)
  @IsInt({ message: 'First wave size must be a whole number (or empty for the capacity maximum).' })
  @Min(1, { message: 'First wave size must be at least 1.' })
  @Max(1000, { message: 'First wave size must be at most 1000.' })
  firstWaveSize!: number | null;

  @IsOptional()
  @IsIn(['on'])
  autoWaves?: 'on';
}

export class WithdrawDto extends FormDto {
  @ApiPropertyOptional({ description: 'Why, for the invitation log (not sent to the member).', maxLength: 500 })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}
