/**
 * The fuzz test of the suite (test/e2e/fuzz.e2e.spec.ts), run for longer: generated requests to
 * every route of the app — bodies, content types and charsets, headers, path ids, query strings —
 * as anonymous, staff and bearer token. Prints how many requests it tried, the answers by status,
 * and exits with 1 on any answer ≥ 500 or any stack trace in the app's log.
 *
 *   npx ts-node -T bench/fuzz.ts [requests=20000] [seed]
 */
import fc from 'fast-check';
import { fuzzRequests, fuzzWorld, LogCapture, routesOf, senderFor } from '../test/support/fuzz-requests';
import { createTestApp } from '../test/support/test-app';
import { machine, seconds, startBenchDatabase } from './support/bench-database';

const REQUESTS = Number(process.argv[2] ?? 20_000);
const SEED = Number(process.argv[3] ?? Date.now() % 2 ** 31);

async function main() {
  const db = await startBenchDatabase();
  const t = await createTestApp({}, { url: db.url });
  const log = new LogCapture();
  t.app.useLogger(log);
  const routes = routesOf(t.app);
  const known = await fuzzWorld(t);
  const sender = await senderFor(t);
  const byStatus = new Map<number, number>();
  const failures: string[] = [];
  let tried = 0;
  const started = Date.now();
  try {
    await fc.assert(
      fc.asyncProperty(fuzzRequests(routes, known), async (r) => {
        const { status, url } = await sender.send(r);
        tried += 1;
        byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
        if (status >= 500) throw new Error(`${status} for ${r.identity} ${r.route.method.toUpperCase()} ${url}`);
      }),
      { numRuns: REQUESTS, seed: SEED },
    );
  } catch (error) {
    failures.push(error instanceof Error ? error.message : String(error));
  }
  const elapsed = Date.now() - started;
  await t.close();
  await db.stop();

  const traces = log.stackTraces();
  console.log(
    `fuzz: ${tried} requests to ${routes.length} routes in ${seconds(elapsed)} s (seed ${SEED}), ${machine()}`,
  );
  console.log(
    `  answers: ${[...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')}`,
  );
  console.log(
    `  ≥ 500: ${[...byStatus].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0)}; stack traces in the log: ${traces.length}`,
  );
  for (const f of failures) console.log(f);
  for (const trace of traces.slice(0, 3)) console.log(trace);
  process.exit(failures.length > 0 || traces.length > 0 ? 1 : 0);
}

void main();
