import { setTimeout as sleep } from 'node:timers/promises';

/** How a failed attempt is judged by `withRetries`. */
export interface RetryDecision {
  retriable: boolean;
  /** A delay the server asked for (e.g. `Retry-After`), in ms. */
  retryAfterMs?: number;
}

export interface RetryPolicy {
  /** Attempts in total, the first one included. */
  maxAttempts: number;
  /** No new attempt starts after this much time since the first. */
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, maxElapsedMs: 120_000, baseDelayMs: 500, maxDelayMs: 20_000 };

/**
 * Runs `attempt` until it succeeds, the error is not retriable, or the policy
 * runs out; then rethrows the last error. Delays are exponential with full
 * jitter, never shorter than a server's `retryAfterMs`. `onRetry` is called
 * before each wait (for a LOG line). Aborting `signal` stops the waiting.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  classify: (error: unknown) => RetryDecision,
  options: { policy?: RetryPolicy; signal?: AbortSignal; onRetry?: (error: unknown, attemptNumber: number, delayMs: number) => void } = {},
): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const started = Date.now();
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      const decision = classify(error);
      if (!decision.retriable || attemptNumber >= policy.maxAttempts) throw error;
      const backoff = Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attemptNumber - 1));
      const delayMs = Math.max(backoff, decision.retryAfterMs ?? 0);
      if (Date.now() - started + delayMs > policy.maxElapsedMs) throw error;
      options.onRetry?.(error, attemptNumber, delayMs);
      await sleep(delayMs, undefined, options.signal === undefined ? undefined : { signal: options.signal });
    }
  }
}
