/**
 * The read-only and disk-full faults of bench/faults.ts: the database refuses writes for a while. Every
 * write must answer 503 saying why (with Retry-After), never 500; reads keep working; and once it is
 * over the same answers go through, each stored once.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { postgresUserIds } from '../../src/database/postgres-server';
import { machine } from './bench-database';
import { acceptStorm, Answer, call, FaultRig, load, sleep, Tally } from './fault-rig';

/** One try per token, no retry: what the app answers while the fault lasts. */
async function tryOnce(rig: FaultRig, tokens: string[], tally: Tally): Promise<Answer[]> {
  return Promise.all(
    tokens.map(async (t) => {
      const res = await call(rig.webPorts[0], 'POST', `/api/rsvp/${t}`, { answer: 'accept' });
      tally.add(res.status);
      return res;
    }),
  );
}

const said = (answers: Answer[]) =>
  [
    ...new Set(
      answers
        .filter((a) => a.status === 503)
        .map((a) => `"${JSON.parse(a.body).message}" (Retry-After ${a.retryAfter})`),
    ),
  ].join(' / ');

/** A tmpfs of `mb` MB the postgres OS user can write to (root only); undefined when mounting is not possible. */
function smallDisk(mb: number): string | undefined {
  if (userInfo().uid !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'meetloop-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m,mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  const { uid, gid } = postgresUserIds();
  chownSync(dir, uid, gid);
  return dir;
}

/** Writes a file until the disk is full; returns its path. */
function fill(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(1 << 16);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return path;
}

export async function readOnly(rig: FaultRig, failures: string[], short: boolean): Promise<void> {
  const admin = new Client({ connectionString: rig.pg.url });
  await admin.connect();
  // This session stays writable whatever the server's default becomes.
  await admin.query('SET default_transaction_read_only = off');
  let disk: string | undefined;
  try {
    const [meetup] = await rig.seedMeetups(1, 400, 100);
    await rig.sendWaves([meetup]);
    const perFault = short ? 40 : 100;
    const all = await rig.tokens([meetup], perFault * 2);
    const tally = new Tally();

    // Read-only: as an operator would (or a failover to a standby), for every session at once.
    tally.phase = 'read-only';
    await admin.query('ALTER SYSTEM SET default_transaction_read_only = on');
    await admin.query('SELECT pg_reload_conf()');
    await sleep(500);
    const readOnlyTokens = all.slice(0, perFault);
    const whileReadOnly = await tryOnce(rig, readOnlyTokens, tally);
    const reads = await call(rig.webPorts[0], 'GET', `/api/meetups/${meetup}`);
    await admin.query('ALTER SYSTEM RESET default_transaction_read_only');
    await admin.query('SELECT pg_reload_conf()');
    await sleep(500);
    tally.phase = 'writable';
    const afterReadOnly = await acceptStorm(readOnlyTokens, () => rig.webPorts[0], tally, {
      deadline: Date.now() + 60_000,
    });

    // Disk full: the table every answer writes to (its event) moved to a tablespace on a small disk, then
    // that disk filled up. Honest for that table; WAL or the main data folder filling up instead would stop
    // or crash the server, which is the db-restart fault.
    const fullTokens = all.slice(perFault);
    let whileFull: Answer[] = [];
    let afterFull = new Set<string>();
    disk = smallDisk(8);
    if (disk) {
      await admin.query(`CREATE TABLESPACE meetloop_fault_full LOCATION '${disk}'`);
      await rig.q('ALTER TABLE invitation_events SET TABLESPACE meetloop_fault_full');
      const filler = fill(disk);
      tally.phase = 'disk full';
      whileFull = await tryOnce(rig, fullTokens, tally);
      rmSync(filler);
      tally.phase = 'space back';
      afterFull = await acceptStorm(fullTokens, () => rig.webPorts[0], tally, { deadline: Date.now() + 60_000 });
      await rig.q('ALTER TABLE invitation_events SET TABLESPACE pg_default');
      await admin.query('DROP TABLESPACE meetloop_fault_full');
    }
    await rig.drainOutbox(60_000);

    console.log(`\n[read-only] machine: ${machine()}; load average: ${load()}`);
    console.log('answers of the app to accepts, one try each during the fault, then until they succeed:');
    tally.print();
    console.log(`read-only: reads answered ${reads.status}; writes said ${said(whileReadOnly) || 'nothing (no 503)'}`);
    console.log(
      disk
        ? `disk full (8 MB tmpfs tablespace holding invitation_events): ${whileFull.filter((a) => a.status < 300).length} ` +
            `accepts still fitted in free space of the table's last page; the others said ${said(whileFull) || 'nothing (no 503)'}`
        : 'disk full: skipped (mounting a small tmpfs needs root); a full disk answers like read-only, with its own text',
    );
    console.log(
      `answers: ${await rig.answersCheck([meetup], new Set([...afterReadOnly, ...afterFull]).size, failures)}`,
    );
    console.log(`email: ${await rig.mailCheck(failures)}`);
    if (tally.count(500) > 0) failures.push(`${tally.count(500)} answers were 500`);
    if (whileReadOnly.some((a) => a.status !== 503 || !/read-only/.test(a.body)))
      failures.push('a write while read-only did not answer 503 read-only');
    if (reads.status !== 200) failures.push(`a read while read-only answered ${reads.status}`);
    if (afterReadOnly.size !== readOnlyTokens.length) failures.push('accepts failed after read-only ended');
    if (disk) {
      if (!whileFull.some((a) => a.status === 503 && /disk space/.test(a.body)))
        failures.push('no 503 out of disk space');
      if (whileFull.some((a) => a.status !== 503 && a.status >= 300))
        failures.push('a write on a full disk answered other than 503');
      if (afterFull.size !== fullTokens.length) failures.push('accepts failed after space came back');
    }
    rig.instancesCheck(failures);
  } finally {
    await admin.query('ALTER SYSTEM RESET default_transaction_read_only').catch(() => undefined);
    await admin.query('SELECT pg_reload_conf()').catch(() => undefined);
    await admin.end();
    if (disk) {
      execFileSync('umount', [disk], { stdio: 'ignore' });
      rmSync(disk, { recursive: true, force: true });
    }
  }
}
