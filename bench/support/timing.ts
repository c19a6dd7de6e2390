import { loadavg } from 'node:os';

const sorted = (ms: number[]) => [...ms].sort((a, b) => a - b);
export const p95 = (ms: number[]) => sorted(ms)[Math.ceil(ms.length * 0.95) - 1];
export const p50 = (ms: number[]) => sorted(ms)[Math.floor(ms.length / 2)];

/** Load average (1/5/15 min): the machine is shared, so every figure carries it. */
export const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Milliseconds of each of `runs` sequential calls. */
export async function timed(runs: number, run: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times;
}
