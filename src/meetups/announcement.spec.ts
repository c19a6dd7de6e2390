import { announcementMarkdown } from './announcement';
import type { MeetupView } from './meetups.service';

const meetup: MeetupView = {
  id: 1,
  cityId: 1,
  city: 'Chengdu',
  cityZh: null,
  timeZone: 'Asia/Shanghai',
  title: 'Winter meetup',
  venue: 'Tea house <b>',
  address: '1 Jinli St',
  startsAt: '2026-12-05T19:00',
  endsAt: '2026-12-05T22:00',
  rsvpDeadline: '2026-12-01T23:59',
  startsAtUtc: '2026-12-05T11:00:00.000Z',
  endsAtUtc: '2026-12-05T14:00:00.000Z',
  capacityMin: 30,
  capacityMax: 50,
  seatsTaken: 0,
  status: 'scheduled',
  allowedTransitions: ['inviting', 'cancelled'],
};

describe('forum announcement', () => {
  it('writes the English post with the local time, venue, seats and how invitations work', () => {
    const md = announcementMarkdown(meetup, 'en');
    expect(md).toContain('# Fan meetup in Chengdu: Winter meetup');
    expect(md).toContain('19:00–22:00 (Asia/Shanghai)');
    expect(md).toContain('Tea house <b>, 1 Jinli St');
    expect(md).toContain('by **2026-12-01 23:59**');
  });

  it('writes the Chinese post from its own template', () => {
    const md = announcementMarkdown({ ...meetup, venue: '', rsvpDeadline: null }, 'zh-CN');
    expect(md).toContain('# Chengdu 粉丝同城会：Winter meetup');
    expect(md).toContain('场地待定');
    expect(md).toContain('2026年12月5日');
  });
});
