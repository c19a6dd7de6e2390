/**
 * Marks delivered messages 'sent' soon after their 250 reply, many per
 * statement: the ids that arrive within `delayMs`, or while the previous
 * UPDATE runs, go into the next one. Marking each message as it goes (rather
 * than once the whole batch is through) keeps the set of messages whose
 * outcome a crash leaves unknown — and that are therefore sent a second time,
 * with the same Message-ID — down to the last few milliseconds' worth.
 */
export class SentMarks {
  private pending: string[] = [];
  private running?: Promise<void>;
  private failure?: unknown;

  constructor(
    private readonly mark: (ids: string[]) => Promise<void>,
    private readonly delayMs = 5,
  ) {}

  add(id: string): void {
    this.pending.push(id);
    this.running ??= this.drain();
  }

  /** Resolves once every id added so far is marked; throws if a mark failed. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    if (this.failure !== undefined) throw this.failure;
  }

  private async drain(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    while (this.pending.length > 0 && this.failure === undefined) {
      const ids = this.pending;
      this.pending = [];
      try {
        await this.mark(ids);
      } catch (error) {
        this.failure = error;
      }
    }
    this.running = undefined;
  }
}
