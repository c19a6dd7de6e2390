import { accountsStrings } from './accounts/accounts.strings';
import { boardsStrings } from './boards/boards.strings';
import { citiesStrings } from './cities/cities.strings';
import { commonStrings } from './common/common.strings';
import { useStrings } from './common/strings';
import { dashboardStrings } from './dashboard/dashboard.strings';
import { engineersStrings } from './engineers/engineers.strings';
import { feedbackStrings } from './feedback/feedback.strings';
import { loopStrings } from './loop/loop.strings';
import { attendanceStrings } from './invitations/attendance/attendance.strings';
import { rsvpStrings } from './invitations/rsvp/rsvp.strings';
import { selectionStrings } from './invitations/selection/selection.strings';
import { mailStrings } from './mail/mail.strings';
import { matchingStrings } from './matching/matching.strings';
import { meetupsStrings } from './meetups/meetups.strings';
import { membersStrings } from './members/members.strings';
import { questionsStrings } from './questions/questions.strings';
import { reportsStrings } from './reports/reports.strings';

/**
 * The one place the features' words meet (common imports no feature, so the merge lives at app level).
 * A new feature adds its `<feature>.strings.ts` to FEATURES: its keys become known to `message()`,
 * `errorText()` and `StringKey` everywhere, and its texts to translate().
 */
const FEATURES = [
  commonStrings,
  accountsStrings,
  citiesStrings,
  dashboardStrings,
  engineersStrings,
  attendanceStrings,
  rsvpStrings,
  selectionStrings,
  mailStrings,
  meetupsStrings,
  membersStrings,
  questionsStrings,
  feedbackStrings,
  loopStrings,
  reportsStrings,
  matchingStrings,
  boardsStrings,
] as const;

/** Every key of every feature's English table (distributed over the union, not just the keys all share). */
type KeysOf<T> = T extends unknown ? keyof T : never;
type Keys = KeysOf<(typeof FEATURES)[number]['en']>;

declare module './common/strings' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the keys are the point
  interface StringTable extends Record<Keys, string> {}
}

export const STRINGS = useStrings(...FEATURES);
