import assert from 'node:assert/strict';

/** Polls `check` until it returns a truthy value (or throws after `ms`). */
export async function waitFor<T>(check: () => Promise<T> | T, ms = 15_000, what = 'condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) assert.fail(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
