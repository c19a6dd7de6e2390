import { adoptionLevel, statusChangeRefusal } from './board-status';

describe('board item status rules', () => {
  it('lets an item move along the ladder and back, with a note where one is required', () => {
    expect(statusChangeRefusal('received', 'planned', '')).toBeNull();
    expect(statusChangeRefusal('planned', 'under_review', '')).toBeNull();
    expect(statusChangeRefusal('in_progress', 'shipped', 'In 7.1.14')).toBeNull();
  });

  it('requires a note for shipped and declined', () => {
    expect(statusChangeRefusal('planned', 'shipped', '  ')).toBe('statusNoteRequired');
    expect(statusChangeRefusal('received', 'declined', '')).toBe('statusNoteRequired');
  });

  it('leaves duplicate to merging, refuses unknown and unchanged statuses', () => {
    expect(statusChangeRefusal('received', 'duplicate', 'same as #1')).toBe('statusByMerge');
    expect(statusChangeRefusal('duplicate', 'planned', '')).toBe('statusMerged');
    expect(statusChangeRefusal('received', 'done', '')).toBe('statusUnknown');
    expect(statusChangeRefusal('planned', 'planned', '')).toBe('statusSame');
  });

  it('ranks adoption levels along the ladder', () => {
    expect(adoptionLevel('received')).toBe(0);
    expect(adoptionLevel('shipped')).toBe(4);
    expect(adoptionLevel('declined')).toBe(-1);
  });
});
