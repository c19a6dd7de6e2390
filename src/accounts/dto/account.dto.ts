import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { NotBlank, RowId } from '../../common/field-rules';
import { emptyToUndefined, FormDto, optionalNumber } from '../../common/form.dto';
import { LOCALES, type Locale } from '../../common/locale';
import { ROLES, type Role } from '../../common/role';

export class SignInDto extends FormDto {
  @IsEmail({}, { message: 'Enter your email address.' })
  email!: string;

  @IsString()
  @IsNotEmpty({ message: 'Enter your password.' })
  @MaxLength(200)
  password!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  next?: string;
}

export class CreateAccountDto extends FormDto {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @NotBlank()
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES, { message: `role must be one of ${ROLES.join(', ')}` })
  role!: Role;

  @ApiProperty({ minLength: 12 })
  @IsString()
  @MaxLength(200)
  password!: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ description: 'Required for role engineer: the engineer profile this account belongs to.' })
  @Transform(optionalNumber)
  @IsOptional()
  @RowId()
  engineerId?: number;
}

export class PasswordChangeDto extends FormDto {
  @ApiProperty()
  @IsString()
  @MaxLength(200)
  currentPassword!: string;

  @ApiProperty({ minLength: 12 })
  @IsString()
  @MaxLength(200)
  newPassword!: string;
}

export class PasswordResetDto extends FormDto {
  @ApiProperty({ minLength: 12 })
  @IsString()
  @MaxLength(200)
  password!: string;
}

export class LocaleDto extends FormDto {
  @IsIn(LOCALES)
  locale!: Locale;
}

export class CreateTokenDto extends FormDto {
  @ApiProperty({ example: 'forum sync' })
  @IsString()
  @NotBlank()
  @MaxLength(100)
  label!: string;
}
