import { DataSource } from 'typeorm';
import { JobsService } from '../../src/jobs/jobs.service';
import { createTestApp, TestApp } from '../support/test-app';

const waitFor = async (check: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('jobs', () => {
  let t: TestApp;
  let jobs: JobsService;
  const seen: string[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    jobs = t.app.get(JobsService);
    await jobs.createQueue('test-echo');
    await jobs.work<{ word: string }>('test-echo', { pollingIntervalSeconds: 0.5 }, async (batch) => {
      for (const job of batch) seen.push(job.data.word);
    });
  });
  afterAll(() => t.close());

  it('runs a job queued in a committed transaction', async () => {
    await t.app.get(DataSource).transaction((manager) => jobs.send('test-echo', { word: 'committed' }, {}, manager));
    jobs.notify('test-echo');
    await waitFor(() => seen.includes('committed'));
  });

  it('never runs a job whose transaction rolled back', async () => {
    await expect(
      t.app.get(DataSource).transaction(async (manager) => {
        await jobs.send('test-echo', { word: 'rolled-back' }, {}, manager);
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    await jobs.send('test-echo', { word: 'marker' });
    jobs.notify('test-echo');
    await waitFor(() => seen.includes('marker'));
    expect(seen).not.toContain('rolled-back');
  });
});
