import { createParamDecorator, ExecutionContext, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { errorText } from '../../common/strings';
import type { SignedInMember } from './member-sign-in.service';

/**
 * The member session is a field of its own in the session (`memberId`), set only by the sign-in link's
 * POST. The staff guard (AccessGuard) reads only `accountId`, and nothing here reads `accountId`: a fan
 * never passes a staff check, and a staff account is never taken for a member.
 */
declare module 'express-serve-static-core' {
  interface Request {
    member?: SignedInMember;
  }
}

/** The signed-in member (loaded by MemberSessionInterceptor), or a 401 asking them to sign in. */
export const CurrentMember = createParamDecorator((_: unknown, context: ExecutionContext): SignedInMember => {
  const request = context.switchToHttp().getRequest<Request>();
  if (!request.member) throw new UnauthorizedException(errorText('boardMemberRequired'));
  return request.member;
});

/** The signed-in member when there is one (public pages that show more to members). */
export const OptionalMember = createParamDecorator(
  (_: unknown, context: ExecutionContext): SignedInMember | undefined =>
    context.switchToHttp().getRequest<Request>().member,
);
