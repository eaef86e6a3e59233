import type { TaskPool } from './task-pool.js';

/**
 * Waits for the next input item, for cancellation, or (with
 * `watchUploads`, while uploads run) for an upload to finish or fail, so a
 * state goes out, or a failure stops the write, even while stdin stays open
 * and quiet. A fresh wake-up promise per call, unhooked afterwards: racing
 * every message against one long-lived promise would keep every message
 * reachable until it settles. `next` keeps running after a wake-up: the
 * caller must race the same promise again, not pull another one.
 */
export async function nextArrival<T>(next: Promise<T>, signal: AbortSignal | undefined, pool: TaskPool, watchUploads: boolean): Promise<T | 'wake' | 'cancelled'> {
  if (signal?.aborted === true) return 'cancelled';
  let unhook = (): void => undefined;
  const wake = new Promise<'wake' | 'cancelled'>((resolve) => {
    const onAbort = (): void => resolve('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    const unwatch = watchUploads ? pool.onSettled(() => resolve('wake')) : (): void => undefined;
    unhook = () => {
      signal?.removeEventListener('abort', onAbort);
      unwatch();
    };
  });
  try {
    return await Promise.race([next, wake]);
  } finally {
    unhook();
  }
}
