import { setTimeout as sleep } from 'node:timers/promises';
import type { RateLimit } from '../feed-adapter.ts';

/**
 * A rolling-window budget: at most `requests` starts in any `perMs`. Callers are served in
 * order, so one source's requests are spaced however many syncs share the limiter.
 */
export class RateLimiter {
  private readonly starts: number[] = [];
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.tail.then(() => this.take(signal));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.starts.length > 0 && this.starts[0]! <= now - this.limit.perMs) this.starts.shift();
      if (this.starts.length < this.limit.requests) {
        this.starts.push(now);
        return;
      }
      await sleep(this.starts[0]! + this.limit.perMs - now, undefined, signal ? { signal } : {});
    }
  }
}
