// Live status of each store config for the Secret Stores view: the manager's sign-in state combined
// with the newest thing known about the store: the view's own connection check, or any later read,
// list or write the manager saw (lastOutcome), whichever came last, so a store that died after a
// good check, or came back after a failed one, shows the truth at once. While the view is visible,
// a store whose newest result is older than STALE_AFTER_MS is checked again (watch()). VS Code-free;
// one check per store at a time.
import type { StoreOutcome } from '../../../core/stores/storeManager';
import type { ConnectionInfo, Disposable, StoreChangeEvent, StoreManager } from '../../../core/stores/types';
import { storeErrorPolicy } from '../../../core/stores/errorPolicy';
import { isStoreError, StoreErrorKind } from '../../../core/stores/storeError';

export type DisplayStatus =
  'connected' | 'expiring' | 'signed-out' | 'expired' | 'unreachable' | 'error' | 'disabled' | 'untrusted' | 'unchecked';

export interface StoreStatusInfo {
  status: DisplayStatus;
  /** One sentence for the tooltip: what the state means and what to do. Never a secret. */
  detail: string;
  connection?: ConnectionInfo;
  checkedAt?: Date;
}

interface Probe {
  ok: boolean;
  at: Date;
  connection?: ConnectionInfo;
  errorKind?: StoreErrorKind;
  message?: string;
}

/** Tokens expiring within this window show as "expiring". */
export const EXPIRING_WITHIN_MS = 15 * 60 * 1000;
const AUTO_CHECK_INTERVAL_MS = 10_000;
/** While the view is visible, a store whose newest result is older than this is checked again. */
export const STALE_AFTER_MS = 10_000;
const WATCH_TICK_MS = 2_000;

/** The manager, plus the token expiry it may know without a request and its latest request's outcome. */
export type StatusSource = StoreManager & {
  tokenExpiry?(name: string): Date | undefined;
  lastOutcome?(name: string): StoreOutcome | undefined;
};

export class StoreStatusTracker implements Disposable {
  private readonly probes = new Map<string, Probe>();
  private readonly inFlight = new Map<string, Promise<StoreStatusInfo>>();
  private readonly lastAutoCheck = new Map<string, number>();
  private readonly listeners = new Set<(store: string | undefined) => void>();
  private readonly subscription: Disposable;

  constructor(
    private readonly stores: StatusSource,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.subscription = stores.onDidChange((event) => this.onStoreChange(event));
  }

  onDidChange(listener: (store: string | undefined) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  hasChecked(store: string): boolean {
    return this.probes.has(store) || this.inFlight.has(store);
  }

  /** Whether a connection check would contact the store (not for disabled, untrusted, signed-out). */
  canCheck(store: string): boolean {
    const config = this.stores.config(store);
    if (!config || config.enabled === false) return false;
    const status = this.stores.status(store);
    return status !== 'disabled' && status !== 'untrusted' && status !== 'signed-out' && status !== 'expired';
  }

  info(store: string): StoreStatusInfo {
    const config = this.stores.config(store);
    if (!config) return { status: 'error', detail: 'This store config no longer exists.' };
    if (config.enabled === false)
      return { status: 'disabled', detail: 'Disabled: nothing uses this store config. Enable it to browse and resolve.' };
    const status = this.stores.status(store);
    const probe = this.latest(store);
    const base = probe ? { checkedAt: probe.at, ...(probe.connection ? { connection: probe.connection } : {}) } : {};
    switch (status) {
      case 'disabled':
        return { status: 'disabled', detail: 'Disabled: nothing uses this store config. Enable it to browse and resolve.' };
      case 'untrusted':
        return {
          status: 'untrusted',
          // Workspace configs exist only in a trusted workspace: for them this is the AWS endpoint refusal.
          detail:
            config.source === 'workspace' || config.source === 'workspaceFolder'
              ? 'Refused: this config comes from workspace settings and points at a non-AWS endpoint, so your AWS profile/default credentials are not sent there.'
              : 'Workspace not trusted: secretref contacts no store until you trust this workspace.',
        };
      case 'signed-out':
        return { status: 'signed-out', detail: 'Signed out: sign in to browse and resolve secrets.' };
      case 'expired':
        return { status: 'expired', detail: 'Token expired (maximum TTL reached): sign in again.' };
    }
    if (!probe) {
      // No check of ours yet: the manager's view of the last request still tells something.
      if (status === 'signed-in') return this.connected(store, undefined, {}, 'Connected (the last request succeeded).');
      if (status === 'error')
        return {
          status: 'unreachable',
          detail: 'The last request could not reach the store (down, sealed or TLS failure). Test the connection for details.',
        };
      return { status: 'unchecked', detail: 'Not checked yet: test the connection to see its status.' };
    }
    if (!probe.ok) {
      const kind = probe.errorKind;
      const message = probe.message ?? 'The connection check failed.';
      if (kind === 'signed-out') return { ...base, status: 'signed-out', detail: message };
      if (kind === 'expired') return { ...base, status: 'expired', detail: message };
      if (kind && storeErrorPolicy(kind).status === 'error') return { ...base, status: 'unreachable', detail: message };
      return { ...base, status: 'error', detail: message };
    }
    return this.connected(store, probe.connection?.expiresAt, base, 'Connected.');
  }

  /** Connected, or "token expiring" when the token (from the check or the manager) ends soon. */
  private connected(store: string, checked: Date | undefined, base: Partial<StoreStatusInfo>, detail: string): StoreStatusInfo {
    const expiresAt = checked ?? this.stores.tokenExpiry?.(store);
    if (expiresAt && expiresAt.getTime() - this.now() < EXPIRING_WITHIN_MS) {
      const minutes = Math.max(0, Math.round((expiresAt.getTime() - this.now()) / 60000));
      return { ...base, status: 'expiring', detail: `Connected; the token expires in ${minutes} min. Sign in again before it does.` };
    }
    return { ...base, status: 'connected', detail };
  }

  /** The newest of the view's own check and the manager's latest request outcome. */
  private latest(store: string): Probe | undefined {
    const probe = this.probes.get(store);
    const outcome = this.stores.lastOutcome?.(store);
    if (!outcome || (probe && probe.at.getTime() >= outcome.at)) return probe;
    return {
      ok: outcome.ok,
      at: new Date(outcome.at),
      errorKind: outcome.kind,
      message: outcome.message,
      // What the last good check learnt about the server still holds while it answers.
      connection: outcome.ok && probe?.ok ? probe.connection : undefined,
    };
  }

  /** When the store's status was last learnt (a check or any request), if ever. */
  lastKnown(store: string): number | undefined {
    return this.latest(store)?.at.getTime();
  }

  /**
   * While the view is visible: re-checks every store that can be checked and whose newest result is
   * older than STALE_AFTER_MS, so "connected" stops within seconds of the server dying and
   * "unreachable" clears within seconds of it coming back, with nobody browsing. Dispose to stop.
   */
  watch(tickMs = WATCH_TICK_MS, staleMs = STALE_AFTER_MS): Disposable {
    const timer = setInterval(() => {
      for (const config of this.stores.configs()) {
        const store = config.name;
        if (this.inFlight.has(store) || !this.canCheck(store)) continue;
        const known = this.lastKnown(store);
        if (known === undefined || this.now() - known >= staleMs) void this.check(store);
      }
    }, tickMs);
    timer.unref?.();
    return { dispose: () => clearInterval(timer) };
  }

  /** Checks a store shown for the first time (or after its status changed), at most every 10 s. */
  autoCheck(store: string): void {
    if (this.hasChecked(store) || !this.canCheck(store)) return;
    const last = this.lastAutoCheck.get(store);
    if (last !== undefined && this.now() - last < AUTO_CHECK_INTERVAL_MS) return;
    this.lastAutoCheck.set(store, this.now());
    void this.check(store);
  }

  /** Forgets every check so the next display checks again (Refresh). */
  reset(): void {
    this.probes.clear();
    this.lastAutoCheck.clear();
    this.fire(undefined);
  }

  /** Tests the connection (one check per store at a time) and records the outcome. */
  check(store: string): Promise<StoreStatusInfo> {
    const running = this.inFlight.get(store);
    if (running) return running;
    const run = (async () => {
      try {
        const connection = await (await this.stores.get(store)).testConnection();
        this.probes.set(store, { ok: true, at: new Date(this.now()), connection });
      } catch (error) {
        this.probes.set(store, {
          ok: false,
          at: new Date(this.now()),
          errorKind: isStoreError(error) ? error.kind : undefined,
          message: isStoreError(error)
            ? error.message
            : `Store "${store}": the connection check failed (${error instanceof Error ? error.name : 'Error'}).`,
        });
      } finally {
        this.inFlight.delete(store);
      }
      this.fire(store);
      return this.info(store);
    })();
    this.inFlight.set(store, run);
    return run;
  }

  dispose(): void {
    this.subscription.dispose();
    this.listeners.clear();
  }

  private onStoreChange(event: StoreChangeEvent): void {
    if (event.type === 'configs' || (event.type === 'refresh' && event.store === undefined)) {
      this.reset();
    } else if (event.type === 'refresh' && event.store !== undefined) {
      this.probes.delete(event.store);
      this.lastAutoCheck.delete(event.store);
      this.fire(event.store);
    } else if (event.type === 'status') {
      // 'signed-in' and 'error' are what a check itself reports: keep its outcome (no re-check loop).
      if (event.status !== 'signed-in' && event.status !== 'error') {
        this.probes.delete(event.store);
        this.lastAutoCheck.delete(event.store);
      }
      this.fire(event.store);
    }
  }

  private fire(store: string | undefined): void {
    for (const listener of [...this.listeners]) listener(store);
  }
}
