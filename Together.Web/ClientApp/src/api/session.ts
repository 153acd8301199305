import { SessionStore, sessionStorageKey } from "./sessionStore";

export const session = new SessionStore({
  storage: window.localStorage,
  fetch: (input, init) => window.fetch(input, init),
  locks: "locks" in navigator ? navigator.locks : undefined,
});

// Signing out in one tab signs out the others.
window.addEventListener("storage", (event) => {
  if (event.key === sessionStorageKey && event.newValue === null) {
    session.end();
  }
});
