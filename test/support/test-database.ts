import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';

export const TEMPLATE_DATABASE = 'meetloop_test_template';

function adminUrl(): string {
  const url = process.env.MEETLOOP_TEST_ADMIN_URL;
  assert.ok(url, 'MEETLOOP_TEST_ADMIN_URL is unset: run the tests through jest (global setup)');
  return url;
}

export const urlFor = (database: string) => adminUrl().replace(/\/[^/?]*(\?|$)/, `/${database}$1`);

async function withAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database for one test file. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `meetloop_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
  return {
    url: urlFor(name),
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
