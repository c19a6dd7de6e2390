import { createHmac } from 'node:crypto';
import { boardEventSignature, webhookOutcome } from './board-webhook';

describe('board webhook signature', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256 under the secret', () => {
    const expected = createHmac('sha256', 's'.repeat(32)).update('1700000000.{"a":1}').digest('hex');
    expect(boardEventSignature('s'.repeat(32), '1700000000', '{"a":1}')).toBe(`sha256=${expected}`);
    expect(boardEventSignature('s'.repeat(32), '1700000001', '{"a":1}')).not.toBe(`sha256=${expected}`);
  });

  it('retries 5xx, 408 and 429 and gives up on other 4xx', () => {
    expect(webhookOutcome(204)).toBe('delivered');
    expect(webhookOutcome(503)).toBe('retry');
    expect(webhookOutcome(429)).toBe('retry');
    expect(webhookOutcome(400)).toBe('permanent');
  });
});
