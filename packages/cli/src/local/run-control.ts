/**
 * The stop flag of a run, and the sleeps (polls, backoffs, retry delays) that a stop cuts short.
 */
export class RunControl {
  /** Set once; every loop of the run checks it before starting something new. */
  stopping = false;
  private readonly wakeups = new Set<() => void>();

  /** Asks the run to stop and wakes every sleep, so that no loop waits out its timer first. */
  stop(): void {
    this.stopping = true;
    for (const wake of [...this.wakeups]) wake();
  }

  /**
   * Waits `ms`, or less if the run stops meanwhile (or `interrupt` settles first); not at all once it
   * is stopping. An interrupted sleep clears its timer, so loops that are woken often leave none behind.
   */
  sleep(ms: number, interrupt?: Promise<unknown>): Promise<void> {
    if (this.stopping || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakeups.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakeups.add(wake);
      interrupt?.then(wake, wake);
    });
  }
}
