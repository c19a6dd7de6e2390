/**
 * A board item's adoption level and the rules for moving it. Pure: no Nest, no database.
 * received → under review → planned → in progress → shipped, or declined; "duplicate" only by a merge.
 */
export const BOARD_STATUSES = [
  'received',
  'under_review',
  'planned',
  'in_progress',
  'shipped',
  'declined',
  'duplicate',
] as const;
export type BoardStatus = (typeof BOARD_STATUSES)[number];

/** What an engineer or staff member may pick on an item's page; duplicate comes from merging. */
export const SETTABLE_STATUSES: BoardStatus[] = BOARD_STATUSES.filter((s) => s !== 'duplicate');

/** Changes that need a note saying why (the history CHECK enforces the same). */
export const NOTE_REQUIRED: BoardStatus[] = ['declined', 'duplicate', 'shipped'];

/** Milestones that authors, voters and followers hear about. */
export const MILESTONES: BoardStatus[] = ['planned', 'shipped', 'declined'];

/** The roadmap's columns. */
export const ROADMAP_STATUSES: BoardStatus[] = ['planned', 'in_progress', 'shipped'];

export type AuthorKind = 'member' | 'staff' | 'meetup';
export type Moderation = 'pending' | 'approved' | 'rejected';

export const STATUS_SQL_LIST = BOARD_STATUSES.map((s) => `'${s}'`).join(', ');

/** How far along the adoption ladder a status is, 0–4 (declined and duplicate are off the ladder: -1). */
export function adoptionLevel(status: BoardStatus): number {
  const ladder: BoardStatus[] = ['received', 'under_review', 'planned', 'in_progress', 'shipped'];
  return ladder.indexOf(status);
}

export type StatusRefusal = 'statusUnknown' | 'statusSame' | 'statusByMerge' | 'statusMerged' | 'statusNoteRequired';

/** Why this change may not happen, or null when it may. */
export function statusChangeRefusal(from: BoardStatus, to: string, note: string): StatusRefusal | null {
  if (!(BOARD_STATUSES as readonly string[]).includes(to)) return 'statusUnknown';
  if (from === 'duplicate') return 'statusMerged';
  if (to === 'duplicate') return 'statusByMerge';
  if (to === from) return 'statusSame';
  if (NOTE_REQUIRED.includes(to as BoardStatus) && note.trim() === '') return 'statusNoteRequired';
  return null;
}

export const isBoardStatus = (value: unknown): value is BoardStatus =>
  typeof value === 'string' && (BOARD_STATUSES as readonly string[]).includes(value);
