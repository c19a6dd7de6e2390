import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable } from 'rxjs';
import { MemberSignInService } from './member-sign-in.service';

/**
 * Loads the member of the session's `memberId` for the boards' controllers (request.member, and
 * `member` for the views). A session whose member is gone is simply not signed in.
 */
@Injectable()
export class MemberSessionInterceptor implements NestInterceptor {
  constructor(private readonly signIn: MemberSignInService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<Request>();
    const memberId = request.session?.memberId;
    if (memberId && !request.member) {
      try {
        request.member = await this.signIn.member(memberId);
        context.switchToHttp().getResponse<Response>().locals.member = request.member;
      } catch {
        delete request.session.memberId;
      }
    }
    return next.handle();
  }
}
