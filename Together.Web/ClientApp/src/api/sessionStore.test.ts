import { describe, expect, it } from "vitest";
import { SessionStore } from "./sessionStore";

class MemoryStorage {
  private readonly items = new Map<string, string>();
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => void this.items.set(key, value);
  removeItem = (key: string) => void this.items.delete(key);
}

const user = { id: "1", username: "me", displayName: null, email: null, isAdmin: false, createdAt: "" };
const auth = (n: number) => ({ user, accessToken: `access${n}`, refreshToken: `refresh${n}`, expiresIn: 900 });
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

function setup(answer: (presented: string) => Response) {
  const storage = new MemoryStorage();
  const presented: string[] = [];
  let now = 0;
  const fetch = (async (_url: string, init?: RequestInit) => {
    const token = (JSON.parse(String(init?.body)) as { refreshToken: string }).refreshToken;
    presented.push(token);
    await new Promise((resolve) => setTimeout(resolve, 5));
    return answer(token);
  }) as typeof globalThis.fetch;
  const store = new SessionStore({ storage, fetch, now: () => now });
  return { store, storage, presented, advance: (ms: number) => (now += ms) };
}

describe("SessionStore", () => {
  it("returns the stored token while it is fresh, and refreshes shortly before it expires", async () => {
    const { store, presented, advance } = setup(() => json(200, auth(2)));
    store.save(auth(1));
    expect(await store.accessToken()).toBe("access1");
    advance(900_000 - 30_000);
    expect(await store.accessToken()).toBe("access2");
    expect(presented).toEqual(["refresh1"]);
    expect(store.current()?.refreshToken).toBe("refresh2");
  });

  it("shares one refresh among concurrent callers", async () => {
    let n = 1;
    const { store, presented } = setup(() => json(200, auth(++n)));
    store.save(auth(1));
    const tokens = await Promise.all([store.refresh(), store.refresh(), store.refresh()]);
    expect(tokens).toEqual(["access2", "access2", "access2"]);
    expect(presented).toEqual(["refresh1"]);
    expect(await store.refresh()).toBe("access3");
    expect(presented).toEqual(["refresh1", "refresh2"]);
  });

  it("ends the session when the server refuses the refresh token", async () => {
    const { store } = setup(() => json(401, { code: "invalid_refresh_token" }));
    let ended = 0;
    store.onEnded(() => ended++);
    store.save(auth(1));
    expect(await store.refresh()).toBeNull();
    expect(store.current()).toBeNull();
    expect(ended).toBe(1);
  });

  it("keeps the session when the server cannot be reached", async () => {
    const { store } = setup(() => {
      throw new TypeError("Failed to fetch");
    });
    store.save(auth(1));
    await expect(store.refresh()).rejects.toMatchObject({ code: "network_error" });
    expect(store.current()?.refreshToken).toBe("refresh1");
  });

  it("uses another tab's refresh instead of presenting a dead token", async () => {
    const { store, storage, presented } = setup(() => json(200, auth(9)));
    store.save(auth(1));
    const locks = {
      request: async (_name: string, callback: () => Promise<string | null>) => {
        store.save(auth(5)); // another tab refreshed while this one waited for the lock
        return callback();
      },
    };
    const withLocks = new SessionStore({ storage, fetch: globalThis.fetch, locks: locks as unknown as LockManager });
    expect(await withLocks.refresh()).toBe("access5");
    expect(presented).toEqual([]);
  });
});
