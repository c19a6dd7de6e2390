import { SentMarks } from './sent-marks';

describe('sent marks', () => {
  it('marks ids that come close together in one statement, and flush waits for it', async () => {
    const statements: string[][] = [];
    const marks = new SentMarks(async (ids) => {
      statements.push(ids);
    });
    marks.add('a');
    marks.add('b');
    marks.add('c');
    await marks.flush();
    expect(statements).toEqual([['a', 'b', 'c']]);
  });

  it('marks what arrived during a running statement in the next one', async () => {
    const statements: string[][] = [];
    let release!: () => void;
    const marks = new SentMarks(async (ids) => {
      statements.push(ids);
      if (statements.length === 1) await new Promise<void>((resolve) => (release = resolve));
    }, 0);
    marks.add('a');
    await new Promise((resolve) => setTimeout(resolve, 10));
    marks.add('b');
    marks.add('c');
    release();
    await marks.flush();
    expect(statements).toEqual([['a'], ['b', 'c']]);
  });

  it('lets flush throw when a statement failed, so the batch is not reported delivered', async () => {
    const marks = new SentMarks(async () => {
      throw new Error('connection lost');
    }, 0);
    marks.add('a');
    await expect(marks.flush()).rejects.toThrow('connection lost');
  });

  it('has nothing to wait for when nothing was added', async () => {
    await expect(new SentMarks(async () => undefined).flush()).resolves.toBeUndefined();
  });
});
