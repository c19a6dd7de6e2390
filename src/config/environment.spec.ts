import { loadEnvironment, publicUrl } from './environment';

describe('loadEnvironment', () => {
  it('fills defaults for an empty environment', () => {
    const env = loadEnvironment({});
    expect(env).toMatchObject({ NODE_ENV: 'development', PORT: 3000, EMBEDDED_PG_PORT: 54329, SEED_DEMO: 'auto' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(publicUrl(env)).toBe('http://localhost:3000');
  });

  it('reads numbers and trims the public URL', () => {
    const env = loadEnvironment({ PORT: '8080', PUBLIC_URL: 'https://meet.example.com/' });
    expect(env.PORT).toBe(8080);
    expect(publicUrl(env)).toBe('https://meet.example.com');
  });

  it('takes the forum webhook with its secret, and needs neither', () => {
    expect(loadEnvironment({}).FORUM_WEBHOOK_URL).toBeUndefined();
    const env = loadEnvironment({
      FORUM_WEBHOOK_URL: 'http://127.0.0.1:8080/hook',
      FORUM_WEBHOOK_SECRET: 'a'.repeat(32),
      FORUM_RETRY_LIMIT: '3',
    });
    expect(env).toMatchObject({ FORUM_WEBHOOK_URL: 'http://127.0.0.1:8080/hook', FORUM_RETRY_LIMIT: 3 });
  });

  it('takes a relay in production, and the proxies to trust', () => {
    const env = loadEnvironment({
      NODE_ENV: 'production',
      SMTP_URL: 'smtp://relay:587',
      TRUST_PROXY: 'loopback, 10.0.0.0/8',
    });
    expect(env).toMatchObject({ SMTP_URL: 'smtp://relay:587', TRUST_PROXY: 'loopback, 10.0.0.0/8' });
  });

  it.each([
    [{ PORT: 'eighty' }, /PORT \(got "eighty"\): PORT must be a whole number between 0 and 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL .*must be a PostgreSQL URL/],
    [{ PUBLIC_URL: 'meet.example.com' }, /PUBLIC_URL .*absolute http\(s\) URL/],
    [{ SEED_DEMO: 'yes' }, /SEED_DEMO .*auto/],
    [{ API_TOKEN: 'short' }, /API_TOKEN .*at least 24 characters/],
    [{ FORUM_WEBHOOK_URL: 'forum.example.com/hook' }, /FORUM_WEBHOOK_URL .*absolute http\(s\) URL/],
    [
      { FORUM_WEBHOOK_URL: 'https://forum.example.com/hook' },
      /FORUM_WEBHOOK_SECRET: .*required when FORUM_WEBHOOK_URL/,
    ],
    [{ FORUM_WEBHOOK_URL: 'https://forum.example.com/hook', FORUM_WEBHOOK_SECRET: 'short' }, /at least 32 characters/],
    [{ FORUM_RETRY_DELAY_SECONDS: '0' }, /FORUM_RETRY_DELAY_SECONDS .*between 1 and 3600/],
    [{ NODE_ENV: 'production' }, /SMTP_URL is required in production/],
    [{ TRUST_PROXY: 'everyone' }, /TRUST_PROXY .*hop count/],
  ])('stops on %j naming the variable and what it expects', (source, message) => {
    expect(() => loadEnvironment(source)).toThrow(message);
  });
});
