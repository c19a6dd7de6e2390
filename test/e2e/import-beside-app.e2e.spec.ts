import { Client } from 'pg';
import { runningServer, startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * `npm run import:members` beside a running app: the command finds the app's embedded PostgreSQL
 * through its data folder and uses it, whatever port it runs on, and leaves it running. The suite's
 * own cluster (global setup) stands in for the app's.
 */
describe('a command beside the running app', () => {
  const admin = process.env.MEETLOOP_TEST_ADMIN_URL!;
  const query = async (url: string, sql: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  };

  it('uses the embedded PostgreSQL the app runs and leaves it running', async () => {
    const [{ data_directory: dataDir }] = await query(admin, 'SHOW data_directory');
    const running = runningServer(dataDir);
    expect(running?.port).toBe(Number(new URL(admin).port));
    // The port the command was told (EMBEDDED_PG_PORT's default) is not where the app's server listens.
    const database = await startEmbeddedPostgres({ dataDir, port: 54329, database: 'postgres', shareRunning: true });
    expect(database.url).toContain(`:${running!.port}/postgres`);
    expect(await query(database.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await database.stop();
    expect(await query(admin, 'SELECT 2 AS two')).toEqual([{ two: 2 }]);
  });
});
