import { redactUrl } from './log-redaction';

describe('log redaction of URLs', () => {
  it('hides the token of an RSVP link, page and API, with or without a rest', () => {
    expect(redactUrl('/rsvp/abcDEF123_-x')).toBe('/rsvp/[redacted]');
    expect(redactUrl('/rsvp/abcDEF123/accept?lang=zh-CN')).toBe('/rsvp/[redacted]/accept?lang=zh-CN');
    expect(redactUrl('/api/rsvp/abc/questions/3/vote')).toBe('/api/rsvp/[redacted]/questions/3/vote');
  });

  it('hides unsubscribe tokens and check-in codes, not the staff check-in desk', () => {
    expect(redactUrl('/unsubscribe/tok.sig')).toBe('/unsubscribe/[redacted]');
    expect(redactUrl('/check-in/qrcode123/undo')).toBe('/check-in/[redacted]/undo');
    expect(redactUrl('/meetups/12/check-in?q=li')).toBe('/meetups/12/check-in?q=li');
  });

  it('hides secret query values and keeps the others', () => {
    expect(redactUrl('/login?next=%2Fmembers&token=s3cret&_csrf=abc')).toBe(
      '/login?next=%2Fmembers&token=[redacted]&_csrf=[redacted]',
    );
  });

  it('leaves ordinary paths alone', () => {
    expect(redactUrl('/meetups/3/invitations')).toBe('/meetups/3/invitations');
    expect(redactUrl(undefined)).toBe('');
  });
});
