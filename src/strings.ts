import { accountsStrings } from './accounts/accounts.strings';
import { citiesStrings } from './cities/cities.strings';
import { commonStrings } from './common/common.strings';
import { useStrings } from './common/strings';
import { dashboardStrings } from './dashboard/dashboard.strings';
import { engineersStrings } from './engineers/engineers.strings';
import { attendanceStrings } from './invitations/attendance/attendance.strings';
import { rsvpStrings } from './invitations/rsvp/rsvp.strings';
import { selectionStrings } from './invitations/selection/selection.strings';
import { mailStrings } from './mail/mail.strings';
import { meetupsStrings } from './meetups/meetups.strings';
import { membersStrings } from './members/members.strings';
import { questionsStrings } from './questions/questions.strings';

/**
 * The one place the features' words meet (common imports no feature, so the merge lives at app level).
 * A new feature adds its `<feature>.strings.ts` to both lists below: `Keys` makes its keys known to
 * `message()`, `errorText()` and `StringKey` everywhere; `useStrings` gives its texts to translate().
 */
type Keys = keyof (typeof accountsStrings.en &
  typeof citiesStrings.en &
  typeof commonStrings.en &
  typeof dashboardStrings.en &
  typeof engineersStrings.en &
  typeof attendanceStrings.en &
  typeof rsvpStrings.en &
  typeof selectionStrings.en &
  typeof mailStrings.en &
  typeof meetupsStrings.en &
  typeof membersStrings.en &
  typeof questionsStrings.en);

declare module './common/strings' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the keys are the point
  interface StringTable extends Record<Keys, string> {}
}

export const STRINGS = useStrings(
  accountsStrings,
  citiesStrings,
  commonStrings,
  dashboardStrings,
  engineersStrings,
  attendanceStrings,
  rsvpStrings,
  selectionStrings,
  mailStrings,
  meetupsStrings,
  membersStrings,
  questionsStrings,
);
