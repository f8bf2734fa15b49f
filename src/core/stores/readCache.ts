// A short-TTL cache of reads that also shares identical in-flight requests: a hundred callers
// asking for the same secret at the same moment cost one request. Invalidation drops both the
// cached value and any in-flight request, so a read after a write never joins a stale request.
export class ReadCache<T> {
  private readonly values = new Map<string, { value: T; expires: number }>();
  private readonly inFlight = new Map<string, Promise<T>>();
  /** Expired entries are swept by a timer, not only overwritten: they hold secret values. */
  private sweeper: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ttlMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Cached value, else the in-flight request, else a new one. `fresh` skips the cached value. */
  get(key: string, load: () => Promise<T>, fresh = false): Promise<T> {
    if (!fresh) {
      const hit = this.values.get(key);
      if (hit && hit.expires > this.now()) return Promise.resolve(hit.value);
    }
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const request = load().then(
      (value) => {
        if (this.inFlight.get(key) === request) {
          this.inFlight.delete(key);
          const ttl = this.ttlMs();
          if (ttl > 0) {
            this.values.set(key, { value, expires: this.now() + ttl });
            this.scheduleSweep(ttl);
          }
        }
        return value;
      },
      (error: unknown) => {
        if (this.inFlight.get(key) === request) this.inFlight.delete(key);
        throw error;
      },
    );
    this.inFlight.set(key, request);
    if (fresh) this.values.delete(key);
    return request;
  }

  /** Drops every entry whose key starts with the prefix (all entries without one). */
  invalidate(prefix = ''): void {
    for (const map of [this.values, this.inFlight] as Map<string, unknown>[]) {
      for (const key of [...map.keys()]) if (key.startsWith(prefix)) map.delete(key);
    }
  }

  get size(): number {
    return this.values.size;
  }

  /** Drops expired entries now (the timer calls this). */
  sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.values) if (entry.expires <= now) this.values.delete(key);
  }

  dispose(): void {
    clearTimeout(this.sweeper);
    this.sweeper = undefined;
    this.values.clear();
    this.inFlight.clear();
  }

  private scheduleSweep(ttl: number): void {
    if (this.sweeper) return;
    this.sweeper = setTimeout(() => {
      this.sweeper = undefined;
      this.sweep();
      if (this.values.size > 0) this.scheduleSweep(this.ttlMs() || ttl);
    }, ttl + 1_000);
    // Never keeps a CLI run or a test process alive.
    (this.sweeper as { unref?: () => void }).unref?.();
  }
}
