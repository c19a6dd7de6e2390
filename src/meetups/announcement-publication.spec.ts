import { translate } from '../common/strings';
import '../strings';
import { AnnouncementFacts, changedSincePublish, publicationRefusal as refusalKey } from './announcement-publication';

/** The refusal as the API words it. */
const publicationRefusal = (...args: Parameters<typeof refusalKey>) => {
  const key = refusalKey(...args);
  return key && translate('en', key);
};

const draft: AnnouncementFacts = {
  state: 'draft',
  locale: 'en',
  markdown: '# Hi',
  sentLocale: null,
  sentMarkdown: null,
};
const published: AnnouncementFacts = { ...draft, state: 'published', sentLocale: 'en', sentMarkdown: '# Hi' };

describe('announcement publication', () => {
  it('notices an edit or a change of language after publishing', () => {
    expect(changedSincePublish(published)).toBe(false);
    expect(changedSincePublish({ ...published, markdown: '# Hi!' })).toBe(true);
    expect(changedSincePublish({ ...published, locale: 'zh-CN' })).toBe(true);
    expect(changedSincePublish({ ...draft, markdown: '# Other' })).toBe(false);
  });

  it('announces scheduled meetups until they are held, not drafts or cancelled ones', () => {
    expect(publicationRefusal('scheduled', draft, 'webhook')).toBeNull();
    expect(publicationRefusal('inviting', draft, 'webhook')).toBeNull();
    expect(publicationRefusal('closed', draft, 'hand')).toBeNull();
    expect(publicationRefusal('draft', draft, 'webhook')).toMatch(/Schedule the meetup/);
    expect(publicationRefusal('cancelled', draft, 'hand')).toMatch(/cancelled/);
    expect(publicationRefusal('held', draft, 'webhook')).toMatch(/already been held/);
  });

  it('needs a saved text, waits while one is being sent, and publishes an unchanged text only once', () => {
    expect(publicationRefusal('scheduled', null, 'webhook')).toMatch(/Save the announcement first/);
    expect(publicationRefusal('scheduled', { ...draft, state: 'queued' }, 'hand')).toMatch(/being sent/);
    expect(publicationRefusal('scheduled', published, 'webhook')).toMatch(/already on the forum/);
    expect(publicationRefusal('scheduled', { ...published, markdown: '# New' }, 'webhook')).toBeNull();
    expect(publicationRefusal('scheduled', { ...draft, state: 'failed' }, 'webhook')).toBeNull();
    // By hand it may be marked again, e.g. to add the post's address.
    expect(publicationRefusal('scheduled', published, 'hand')).toBeNull();
  });
});
