// A short-TTL cache of reads that also shares identical in-flight requests: a hundred callers
// asking for the same secret at the same moment cost one request. Invalidation drops both the
// cached value and any in-flight request, so a read after a write never joins a stale request.
export class ReadCache<T> {
  private readonly values = new Map<string, { value: T; expires: number }>();
  private readonly inFlight = new Map<string, Promise<T>>();

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
          if (ttl > 0) this.values.set(key, { value, expires: this.now() + ttl });
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
}
