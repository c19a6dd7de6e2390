import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsDateString,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
} from 'class-validator';
import { emptyToUndefined, FormDto } from '../../common/form.dto';
import { BOARD_STATUSES, SETTABLE_STATUSES } from '../items/board-status';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** An item's title, as members, staff and releases give it: trimmed, not empty, up to 200 characters. */
function ItemTitle(): PropertyDecorator {
  // class-validator lists a field's messages in the order its rules were applied; decorators written
  // above a field apply bottom-up, so these go in that order to keep the messages' order.
  return applyDecorators(
    MaxLength(200, { message: 'title must be at most 200 characters' }),
    IsNotEmpty({ message: 'title must not be empty' }),
    IsString({ message: 'title must be text' }),
    Transform(trim),
  );
}

/** A form field as typed: optional text up to `max` characters (the service judges it, the page shows it back). */
function FormText(max: number): PropertyDecorator {
  return applyDecorators(MaxLength(max), IsString(), IsOptional());
}

export class BoardListQueryDto {
  @ApiPropertyOptional({ enum: ['top', 'new'], default: 'top' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['top', 'new'], { message: 'sort must be top or new' })
  sort?: 'top' | 'new';

  @ApiPropertyOptional({ enum: BOARD_STATUSES })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(BOARD_STATUSES, { message: `status must be one of ${BOARD_STATUSES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsOptional()
  @IsInt({ message: 'page must be a whole number' })
  @Min(1, { message: 'page must be 1 or more' })
  @Max(100000, { message: 'page must be at most 100000' })
  page?: number;

  @ApiPropertyOptional({ enum: ['en', 'zh-CN'], description: 'Language of a page (pages only).' })
  @IsOptional()
  @IsIn(['en', 'zh-CN'], { message: 'lang must be en or zh-CN' })
  lang?: string;
}

export class SimilarQueryDto {
  @ApiProperty({ description: 'What the member is typing (a title, in either language).', maxLength: 200 })
  @IsString({ message: 'q must be text' })
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q!: string;

  @ApiPropertyOptional({ description: 'Only this board (product area slug).' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(40)
  board?: string;
}

export class NewItemDto {
  @ApiProperty({ description: 'The board: a product area slug.', example: 'camera' })
  @IsString({ message: 'board must be a product area slug' })
  @MaxLength(40)
  board!: string;

  @ApiProperty({ maxLength: 200, example: 'Night mode for the front camera' })
  @ItemTitle()
  title!: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Transform(trim)
  @IsOptional()
  @IsString({ message: 'description must be text' })
  @MaxLength(5000, { message: 'description must be at most 5000 characters' })
  description?: string;
}

export class StatusChangeDto {
  @ApiProperty({ enum: SETTABLE_STATUSES })
  @IsString({ message: 'status must be text' })
  @MaxLength(40)
  status!: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required for declined and shipped.' })
  @Transform(trim)
  @IsOptional()
  @IsString({ message: 'note must be text' })
  @MaxLength(2000, { message: 'note must be at most 2000 characters' })
  note?: string;

  @ApiPropertyOptional({ description: 'Staff only: the engineer (id) who handles the item from now on.' })
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsOptional()
  @IsInt({ message: 'handlerEngineerId must be an engineer id' })
  @Min(1)
  @Max(2_147_483_647)
  handlerEngineerId?: number;
}

export class MergeDto {
  @ApiProperty({ description: 'The item this one duplicates.', example: '12' })
  @Transform(({ value }) =>
    typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim().replace(/^#/, '') : value,
  )
  @IsString({ message: 'intoId must be an item number' })
  @Matches(/^\d{1,18}$/, { message: 'intoId must be an item number' })
  intoId!: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ModerationDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'], { message: 'decision must be approve or reject' })
  decision!: 'approve' | 'reject';

  @ApiPropertyOptional({ maxLength: 2000 })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class EditItemDto {
  @ApiProperty({ maxLength: 200 })
  @ItemTitle()
  title!: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(5000, { message: 'description must be at most 5000 characters' })
  description?: string;
}

export class SignInRequestDto extends FormDto {
  @ApiProperty({ example: 'fan@example.com' })
  @Transform(trim)
  @IsString({ message: 'email must be an email address' })
  @MaxLength(254, { message: 'email must be an email address' })
  email!: string;
}

export class ReleaseDto {
  @ApiProperty({ example: '2027-01-14 weekly build 7.1.14', maxLength: 200 })
  @ItemTitle()
  title!: string;

  @ApiProperty({ example: '2027-01-14' })
  @IsDateString({ strict: true }, { message: 'releasedOn must be a date (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'releasedOn must be a date (YYYY-MM-DD)' })
  releasedOn!: string;

  @ApiProperty({ type: [String], example: ['12', '15', '31'], description: 'The items it ships (numbers).' })
  @Transform(({ value }) =>
    typeof value === 'string'
      ? value.split(/[\s,，#]+/).filter(Boolean)
      : Array.isArray(value)
        ? value.map((v) => String(v))
        : value,
  )
  @IsArray({ message: 'itemIds must be a list of item numbers' })
  @ArrayMinSize(1, { message: 'itemIds must name at least one item' })
  @ArrayMaxSize(500, { message: 'itemIds may name at most 500 items' })
  @Matches(/^\d{1,18}$/, { each: true, message: 'itemIds must be item numbers' })
  itemIds!: string[];
}

/** The forms' bodies: every field as text (pages show what to fix, with what was typed). */
export class ItemFormDto extends FormDto {
  @FormText(1000) title?: string;
  @FormText(20000) description?: string;
  @FormText(500) website?: string;
  @FormText(200) shownAt?: string;
  @FormText(10) confirmed?: string;
}

export class StatusFormDto extends FormDto {
  @FormText(40) status?: string;
  @FormText(5000) note?: string;
  @FormText(20) handlerEngineerId?: string;
}

export class MergeFormDto extends FormDto {
  @FormText(40) intoId?: string;
  @FormText(5000) note?: string;
}

export class ModerationFormDto extends FormDto {
  @FormText(20) decision?: string;
  @FormText(5000) note?: string;
}

export class EditFormDto extends FormDto {
  @FormText(1000) title?: string;
  @FormText(20000) description?: string;
}

export class ReleaseFormDto extends FormDto {
  @FormText(1000) title?: string;
  @FormText(20) releasedOn?: string;
  @FormText(10000) itemIds?: string;
}
