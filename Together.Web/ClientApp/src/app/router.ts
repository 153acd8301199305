import { useSyncExternalStore } from "react";

// Routes: /login, /register, /setup, /invite/<code>, /settings, /channels/@me, /channels/@me/<dm>,
// /channels/<server>/<channel>.
// A tiny history router: the app has a handful of routes and no nested layouts to justify a library.

const listeners = new Set<() => void>();

function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return;
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  for (const listener of listeners) listener();
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export type Route =
  | { name: "login" }
  | { name: "register" }
  | { name: "setup" }
  | { name: "invite"; code: string }
  | { name: "settings" }
  | { name: "home" }
  | { name: "channel"; serverId: string; channelId: string | null }
  | { name: "dm"; channelId: string };

export function matchRoute(path: string): Route {
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case "login":
      return { name: "login" };
    case "register":
      return { name: "register" };
    case "setup":
      return { name: "setup" };
    case "settings":
      return { name: "settings" };
    case "invite":
      return parts[1] ? { name: "invite", code: parts[1] } : { name: "home" };
    case "channels":
      if (parts[1] && parts[1] !== "@me") return { name: "channel", serverId: parts[1], channelId: parts[2] ?? null };
      if (parts[1] === "@me" && parts[2]) return { name: "dm", channelId: parts[2] };
      return { name: "home" };
    default:
      return { name: "home" };
  }
}
