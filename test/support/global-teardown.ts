import { RunningDatabase } from '../../src/database/embedded-postgres';

export default async function globalTeardown(): Promise<void> {
  const pg = (globalThis as { __MEETLOOP_PG__?: RunningDatabase }).__MEETLOOP_PG__;
  await pg?.stop();
}
