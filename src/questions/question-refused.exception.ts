import { HttpException, HttpStatus } from '@nestjs/common';
import { PROBLEM_STATUS, QUESTION_MAX_LENGTH, QuestionProblem, QUESTIONS_PER_INVITATION } from './question-rules';

/** What the API says for each refusal; fans' pages word the same `reason` in the member's language. */
const MESSAGES: Record<QuestionProblem, string> = {
  'not-attending': 'Only members who accepted the invitation can ask and vote on questions.',
  cancelled: 'This meetup was cancelled.',
  over: 'This meetup has already started or taken place.',
  'not-open': 'Questions are not open for this meetup.',
  deadline:
    'Questions can be asked, edited and deleted until the RSVP deadline, which has passed. You can still vote until the meetup starts.',
  empty: 'Write your question: it cannot be empty.',
  'too-long': `A question can have at most ${QUESTION_MAX_LENGTH} characters.`,
  'bad-characters': 'The question contains a NUL character, which cannot be stored. Remove it and try again.',
  'unknown-area': 'Choose one of the listed product areas.',
  limit: `You already have ${QUESTIONS_PER_INVITATION} questions. Edit or delete one to ask another.`,
  'own-question': 'You cannot vote on your own question.',
  'not-found': 'There is no such question among your meetup’s questions.',
};

/** A question request the rules refuse; nothing was changed. The body names the `reason`. */
export class QuestionRefusedException extends HttpException {
  constructor(readonly reason: QuestionProblem) {
    const status = PROBLEM_STATUS[reason];
    super({ statusCode: status, error: HttpStatus[status], message: MESSAGES[reason], reason }, status);
  }
}
