import { IsOptional, IsString } from 'class-validator';

/** Base of every HTML form body: the CSRF field rides along and is checked by CsrfGuard. */
export class FormDto {
  @IsOptional()
  @IsString()
  _csrf?: string;
}
