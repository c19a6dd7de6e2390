import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { emptyToUndefined, optionalNumber } from '../../common/form.dto';

/** GET /api/mailbox: one page of what the SMTP sink received, newest first, filtered. */
export class MailboxQueryDto {
  @ApiPropertyOptional({ description: 'Only messages with this address among their envelope recipients (exact).' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({}, { message: 'to must be an email address' })
  @MaxLength(320)
  to?: string;

  @ApiPropertyOptional({ description: 'Only messages whose subject contains this text (case-insensitive).' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;

  @ApiPropertyOptional({ description: 'Cursor from the previous page (`next`): messages older than this id.' })
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'before must be a mailbox message id' })
  before?: string;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 200 })
  @Transform(optionalNumber)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class MailboxListItemDto {
  @ApiProperty() id!: string;
  @ApiProperty({ nullable: true, type: String }) messageId!: string | null;
  @ApiProperty({ type: [String] }) envelopeTo!: string[];
  @ApiProperty() subject!: string;
  @ApiProperty() receivedAt!: Date;
  @ApiProperty() attachmentCount!: number;
}

export class MailboxPageDto {
  @ApiProperty({ type: [MailboxListItemDto] }) messages!: MailboxListItemDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `before` for the next (older) page; null at the end.',
  })
  next!: string | null;
}
