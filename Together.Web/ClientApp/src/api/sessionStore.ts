import type { AuthResponse } from "./types";
import { networkError, toApiError } from "./problem";

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires, in epoch milliseconds. */
  expiresAt: number;
}

export interface SessionDeps {
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  fetch: typeof fetch;
  /** Web Locks, so tabs of one browser never refresh one session in parallel (docs/api.md, "Concurrency"). */
  locks?: Pick<LockManager, "request">;
  now?: () => number;
}

export const sessionStorageKey = "together.session";
/** Refresh this long before the access token expires, so a request in flight never carries a dead token. */
const refreshMarginMs = 60_000;
const lockName = "together.refresh";

/**
 * The signed-in session's tokens, kept in localStorage so they survive reloads and are shared by tabs. Every
 * refresh of the app goes through {@link SessionStore.refresh}, which keeps one refresh in flight: presenting a
 * refresh token that was already exchanged ends the session on the server, so parallel refreshes must not happen.
 */
export class SessionStore {
  private inFlight: Promise<string | null> | null = null;
  private readonly endedListeners = new Set<() => void>();
  private readonly now: () => number;

  constructor(private readonly deps: SessionDeps) {
    this.now = deps.now ?? Date.now;
  }

  current(): StoredSession | null {
    const text = this.deps.storage.getItem(sessionStorageKey);
    if (!text) return null;
    try {
      return JSON.parse(text) as StoredSession;
    } catch {
      return null;
    }
  }

  save(auth: AuthResponse): void {
    const stored: StoredSession = {
      accessToken: auth.accessToken,
      refreshToken: auth.refreshToken,
      expiresAt: this.now() + auth.expiresIn * 1000,
    };
    this.deps.storage.setItem(sessionStorageKey, JSON.stringify(stored));
  }

  /** Forgets the tokens and tells the app the session is over (logout, revocation, a failed refresh). */
  end(): void {
    this.deps.storage.removeItem(sessionStorageKey);
    for (const listener of this.endedListeners) listener();
  }

  onEnded(listener: () => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  /** A usable access token, refreshed first when it is about to expire; null when signed out. */
  async accessToken(): Promise<string | null> {
    const stored = this.current();
    if (!stored) return null;
    if (stored.expiresAt - refreshMarginMs > this.now()) return stored.accessToken;
    return this.refresh();
  }

  /** Exchanges the refresh token for a new pair; concurrent callers share the one exchange. */
  refresh(): Promise<string | null> {
    this.inFlight ??= this.refreshOnce().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async refreshOnce(): Promise<string | null> {
    const presented = this.current()?.refreshToken;
    if (!presented) return null;
    const exchange = () => this.exchange(presented);
    return this.deps.locks ? this.deps.locks.request(lockName, exchange) : exchange();
  }

  private async exchange(presented: string): Promise<string | null> {
    // Another tab may have refreshed while this one waited for the lock: its result is in storage.
    const latest = this.current();
    if (!latest) return null;
    if (latest.refreshToken !== presented) return latest.accessToken;

    let response: Response;
    try {
      response = await this.deps.fetch("/api/auth/refresh", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refreshToken: presented }),
      });
    } catch (cause) {
      throw networkError(cause);
    }
    if (response.ok) {
      const auth = (await response.json()) as AuthResponse;
      this.save(auth);
      return auth.accessToken;
    }
    const error = await toApiError(response);
    if (response.status === 401) {
      this.end();
      return null;
    }
    throw error;
  }
}
