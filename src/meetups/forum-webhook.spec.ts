import { createHmac } from 'node:crypto';
import { announcementKey, excerpt, forumOutcome, forumSignature, forumUrlOf } from './forum-webhook';

describe('forum webhook', () => {
  it('signs "<timestamp>.<raw body>" with HMAC-SHA256, so a new timestamp needs a new signature', () => {
    const body = '{"meetupId":1}';
    const expected = createHmac('sha256', 'secret').update(`1700000000.${body}`).digest('hex');
    expect(forumSignature('secret', '1700000000', body)).toBe(`sha256=${expected}`);
    expect(forumSignature('secret', '1700000001', body)).not.toBe(`sha256=${expected}`);
    expect(forumSignature('other', '1700000000', body)).not.toBe(`sha256=${expected}`);
  });

  it('keeps the idempotency key while the text stays the same and changes it with an edit or another language', () => {
    const key = announcementKey(7, 'en', '# Hello');
    expect(key).toMatch(/^meetloop-meetup-7-announcement-[0-9a-f]{24}$/);
    expect(announcementKey(7, 'en', '# Hello')).toBe(key);
    expect(announcementKey(7, 'en', '# Hello!')).not.toBe(key);
    expect(announcementKey(7, 'zh-CN', '# Hello')).not.toBe(key);
    expect(announcementKey(8, 'en', '# Hello')).not.toBe(key);
  });

  it('publishes on 2xx, retries 408, 429 and 5xx, and gives up on other 4xx and redirects', () => {
    expect([200, 201, 202, 204].map(forumOutcome)).toEqual(['published', 'published', 'published', 'published']);
    expect([408, 429, 500, 502, 503].map(forumOutcome)).toEqual(['retry', 'retry', 'retry', 'retry', 'retry']);
    expect([301, 302, 400, 401, 403, 404, 410, 422].map(forumOutcome)).toEqual(Array(8).fill('permanent'));
  });

  it("finds the post's address in a JSON answer or the Location header, and only an http(s) one", () => {
    expect(forumUrlOf('{"url":"https://forum.example.com/t/42"}', null)).toBe('https://forum.example.com/t/42');
    expect(forumUrlOf('{"post_url":"https://f.example/p/1"}', null)).toBe('https://f.example/p/1');
    expect(forumUrlOf('created', 'https://f.example/p/2')).toBe('https://f.example/p/2');
    expect(forumUrlOf('{"url":"javascript:alert(1)"}', null)).toBeNull();
    expect(forumUrlOf('{"id":42}', null)).toBeNull();
    expect(forumUrlOf('', null)).toBeNull();
  });

  it('keeps a short single-line excerpt of long answers', () => {
    expect(excerpt('  a\n\n b  ')).toBe('a b');
    const long = excerpt('x'.repeat(2000));
    expect(long).toHaveLength(500);
    expect(long.endsWith('…')).toBe(true);
  });
});
