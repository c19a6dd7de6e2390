import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createTestDatabase } from '../support/test-database';
import { Client } from 'pg';

const groupOf = (pid: number) => Number(execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' }));
const parentOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);

describe('embedded PostgreSQL and Ctrl-C', () => {
  // The suite's cluster is started by global setup exactly as `npm start` starts the app's (startEmbeddedPostgres).
  it('runs in a process group of its own, so the terminal’s Ctrl-C reaches only the app', async () => {
    const database = await createTestDatabase();
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const postmaster = parentOf(rows[0].pid);
      expect(groupOf(postmaster)).toBe(postmaster);
      expect(groupOf(postmaster)).not.toBe(groupOf(process.pid));
    } finally {
      await client.end();
      await database.drop();
    }
  });
});
