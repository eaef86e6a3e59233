import { Semaphore } from './semaphore.js';

/**
 * Runs background tasks with at most `size` at a time. `run` waits for a
 * free slot (this is the backpressure that stops reading input while
 * uploads are busy). The first task failure is kept: `throwIfFailed` and
 * `drain` rethrow it, and `signal` is aborted so the other tasks stop.
 */
export class TaskPool {
  private readonly semaphore: Semaphore;
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  private readonly controller = new AbortController();
  private readonly settledWaiters = new Set<() => void>();
  private settledCount = 0;

  constructor(size: number) {
    this.semaphore = new Semaphore(size);
  }

  /** Aborted on the first failure or by `abort`; tasks must honour it. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Starts `task` once a slot is free; resolves when it has started. */
  async run(task: (signal: AbortSignal) => Promise<void>): Promise<void> {
    this.throwIfFailed();
    await this.semaphore.acquire();
    if (this.failure !== undefined) {
      this.semaphore.release();
      this.throwIfFailed();
    }
    const promise: Promise<void> = task(this.controller.signal)
      .catch((error: unknown) => {
        if (this.failure === undefined) this.failure = { error };
        this.controller.abort();
      })
      .finally(() => {
        this.running.delete(promise);
        this.semaphore.release();
        this.settledCount++;
        const waiters = [...this.settledWaiters];
        this.settledWaiters.clear();
        for (const wake of waiters) wake();
      });
    this.running.add(promise);
  }

  /** Tasks started and not yet finished. */
  get busy(): boolean {
    return this.running.size > 0;
  }

  /** How many tasks have finished (succeeded or failed) so far: a change tells a poller that one did. */
  get settled(): number {
    return this.settledCount;
  }

  /** Calls `listener` the next time a task finishes (at once when none is running); returns the unsubscribe. */
  onSettled(listener: () => void): () => void {
    if (this.running.size === 0) {
      listener();
      return () => undefined;
    }
    this.settledWaiters.add(listener);
    return () => this.settledWaiters.delete(listener);
  }

  throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }

  /** Waits for every task; rethrows the first failure. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
    this.throwIfFailed();
  }

  /** Fails the pool with `error` (unless it failed already) and aborts the running tasks; `run` and `drain` then throw it. */
  cancel(error: unknown): void {
    if (this.failure === undefined) this.failure = { error };
    this.controller.abort();
  }

  /** Aborts every task and waits until they have all stopped (never throws). */
  async abort(): Promise<void> {
    this.controller.abort();
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
