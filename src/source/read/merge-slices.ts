/**
 * Reads several async iterators concurrently and yields their values as
 * they arrive. At most `concurrency` sources are open at once, each with one
 * `next()` in flight, so memory is bounded by `concurrency` pages. If one
 * source fails, the others are closed (their `finally` blocks run) and the
 * error propagates; an early stop of the consumer closes them too.
 */
export async function* mergeConcurrently<T>(sources: ReadonlyArray<() => AsyncIterator<T>>, concurrency: number): AsyncGenerator<T> {
  const waiting = [...sources];
  const running = new Map<number, { iterator: AsyncIterator<T>; pending: Promise<{ key: number; result: IteratorResult<T> }> }>();
  let nextKey = 0;
  // A prefetch may fail while the consumer is paused at a `yield`; it is observed by the next race,
  // so mark it handled now rather than let Node report an unhandled rejection.
  const pull = (key: number, iterator: AsyncIterator<T>): Promise<{ key: number; result: IteratorResult<T> }> => {
    const pending = iterator.next().then((result) => ({ key, result }));
    pending.catch(() => undefined);
    return pending;
  };
  const start = (): void => {
    while (running.size < concurrency && waiting.length > 0) {
      const iterator = waiting.shift()!();
      const key = nextKey++;
      running.set(key, { iterator, pending: pull(key, iterator) });
    }
  };
  try {
    start();
    while (running.size > 0) {
      const { key, result } = await Promise.race([...running.values()].map((entry) => entry.pending));
      const entry = running.get(key)!;
      if (result.done === true) {
        running.delete(key);
        start();
        continue;
      }
      entry.pending = pull(key, entry.iterator);
      yield result.value;
    }
  } finally {
    await Promise.allSettled([...running.values()].map(async (entry) => {
      await entry.pending.catch(() => undefined);
      await entry.iterator.return?.();
    }));
  }
}
