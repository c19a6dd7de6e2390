import { MASK, maskSecretLinks } from './secret-links';

describe('secret links in the Mailbox', () => {
  it('masks RSVP and unsubscribe tokens in text, HTML and headers', () => {
    const token = 'AbC_d-1234567890abcdefghijklmnopqrstuvwxyz';
    expect(maskSecretLinks(`Answer: http://localhost:3000/rsvp/${token}\n`)).toBe(
      `Answer: http://localhost:3000/rsvp/${MASK}\n`,
    );
    expect(maskSecretLinks(`<a href="https://m.example/rsvp/${token}?x=1">yes</a>`)).toBe(
      `<a href="https://m.example/rsvp/${MASK}?x=1">yes</a>`,
    );
    expect(maskSecretLinks(`<https://m.example/unsubscribe/${token}>`)).toBe(`<https://m.example/unsubscribe/${MASK}>`);
    expect(maskSecretLinks(`https://m.example/rsvp/${token}/questions`)).toBe(
      `https://m.example/rsvp/${MASK}/questions`,
    );
  });

  it('leaves other links alone', () => {
    const text = 'See https://m.example/meetups/12 and https://m.example/boards/camera';
    expect(maskSecretLinks(text)).toBe(text);
  });
});
