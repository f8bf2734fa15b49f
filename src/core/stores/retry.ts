// Retries a store call that failed with a retryable throttling error, with exponential backoff and
// jitter, then lets the last (already mapped) error through so the user sees "throttled".
import { StoreError } from './storeError';

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  /** Which errors to retry; default: StoreError kind 'throttled'. */
  shouldRetry?: (error: unknown) => boolean;
  /** Called before each wait, e.g. to count retries in tests. */
  onRetry?: (attempt: number, delayMs: number) => void;
}

export async function withRetry<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 4;
  const base = options.baseDelayMs ?? 200;
  const shouldRetry = options.shouldRetry ?? ((e: unknown) => e instanceof StoreError && e.kind === 'throttled');
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !shouldRetry(error)) throw error;
      const delay = Math.round(base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
      options.onRetry?.(attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
