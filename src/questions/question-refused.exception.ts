import { HttpException, HttpStatus } from '@nestjs/common';
import { errorText, StringKey } from '../common/strings';
import { QUESTION_MAX_LENGTH, QuestionProblem, QUESTIONS_PER_INVITATION } from './question-rules';

/**
 * The one place a refusal code becomes an answer: its HTTP status (closed windows are 410 like closed
 * answers, rules about you 403) and its words (`questions.refused.*`, whose English the API answers).
 * The fans' RSVP page words the same code its own way (`questions.problem.*`, questions-page.ts).
 */
export const QUESTION_REFUSALS: Record<QuestionProblem, { status: HttpStatus; text: StringKey }> = {
  'not-attending': { status: HttpStatus.FORBIDDEN, text: 'questions.refused.not-attending' },
  cancelled: { status: HttpStatus.GONE, text: 'questions.refused.cancelled' },
  over: { status: HttpStatus.GONE, text: 'questions.refused.over' },
  'not-open': { status: HttpStatus.GONE, text: 'questions.refused.not-open' },
  deadline: { status: HttpStatus.GONE, text: 'questions.refused.deadline' },
  empty: { status: HttpStatus.BAD_REQUEST, text: 'questions.refused.empty' },
  'too-long': { status: HttpStatus.BAD_REQUEST, text: 'questions.refused.too-long' },
  'bad-characters': { status: HttpStatus.BAD_REQUEST, text: 'questions.refused.bad-characters' },
  'unknown-area': { status: HttpStatus.BAD_REQUEST, text: 'questions.refused.unknown-area' },
  limit: { status: HttpStatus.CONFLICT, text: 'questions.refused.limit' },
  'own-question': { status: HttpStatus.FORBIDDEN, text: 'questions.refused.own-question' },
  'not-found': { status: HttpStatus.NOT_FOUND, text: 'questions.refused.not-found' },
};

// As strings: a number parameter would be shown with a thousands separator ("1,000").
const LIMITS = { max: String(QUESTION_MAX_LENGTH), limit: String(QUESTIONS_PER_INVITATION) };

/** A question request the rules refuse; nothing was changed. The body names the `reason`. */
export class QuestionRefusedException extends HttpException {
  constructor(readonly reason: QuestionProblem) {
    const { status, text } = QUESTION_REFUSALS[reason];
    super(errorText(text, LIMITS, { statusCode: status, error: HttpStatus[status], reason }), status);
  }
}
