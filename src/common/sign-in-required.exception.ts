import { UnauthorizedException } from '@nestjs/common';

/** Thrown for a page request without a session; the error filter turns it into a redirect to /login. */
export class SignInRequiredException extends UnauthorizedException {
  constructor(readonly next: string) {
    super('Sign in to continue.');
  }
}
