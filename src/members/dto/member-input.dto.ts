import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { WholeNumber } from '../../common/field-rules';
import { LOCALES, type Locale } from '../../common/locale';

/** One member in a bulk upsert; the same fields as a CSV row. */
export class MemberInputDto {
  @ApiProperty({ example: 'forum-10023', description: 'The member id in the forum; the upsert key.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  externalId!: string;

  @ApiProperty({ example: 'li.wei@example.com' })
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: '李伟' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: 'Chengdu',
    description:
      "City: its GB/T 2260 code or any spelling (西安, 西安市, Xi'an, xian); an unknown name is refused unless createUnverifiedCities.",
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  city!: string;

  @ApiPropertyOptional({ example: 'Sichuan' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  province?: string;

  @ApiProperty({ enum: LOCALES })
  @IsIn(LOCALES, { message: `locale must be one of ${LOCALES.join(', ')}` })
  locale!: Locale;

  @ApiProperty({ example: '2019-04-01', description: 'Registration date, YYYY-MM-DD.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'registeredOn must be a date as YYYY-MM-DD' })
  registeredOn!: string;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @WholeNumber(0)
  forumPosts?: number;

  @ApiPropertyOptional({ default: false, description: 'Member of the honorary developer group.' })
  @IsOptional()
  @IsBoolean()
  honorary?: boolean;
}
