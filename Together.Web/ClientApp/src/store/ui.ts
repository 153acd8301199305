import { create } from "zustand";

export type ThemeChoice = "dark" | "light" | "system";

// Preferences that belong to this browser, not the account: kept in localStorage.
const themeKey = "together.theme";
const collapsedKey = "together.collapsed";
const draftsKey = "together.drafts";
const notificationsKey = "together.notifications";

function read<T>(key: string, fallback: T): T {
  try {
    const text = localStorage.getItem(key);
    return text === null ? fallback : (JSON.parse(text) as T);
  } catch {
    return fallback;
  }
}

function write(key: string, value: unknown) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // A full or disabled storage loses preferences, not the app.
  }
}

function readTheme(): ThemeChoice {
  // Stored as the bare word: index.html's pre-paint script reads it too.
  const stored = localStorage.getItem(themeKey);
  return stored === "dark" || stored === "light" ? stored : "system";
}

export function applyTheme(choice: ThemeChoice) {
  const resolved = choice === "system" ? (matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark") : choice;
  document.documentElement.dataset.theme = resolved;
}

interface UiState {
  theme: ThemeChoice;
  membersOpen: boolean;
  /** Phone layout: which drawer covers the main pane. */
  drawer: "none" | "nav" | "members";
  collapsed: Record<string, boolean>;
  drafts: Record<string, string>;
  /** The search the right-hand panel shows, for one server. */
  search: { serverId: string; text: string } | null;
  setSearch(search: UiState["search"]): void;
  /** A message to bring into view (from search), until the message list has shown it. */
  jumpTo: { channelId: string; messageId: string } | null;
  setJumpTo(jumpTo: UiState["jumpTo"]): void;
  /** Browser notifications for mentions and direct messages while the tab is hidden (this browser only). */
  notifications: boolean;
  setNotifications(on: boolean): void;
  setTheme(theme: ThemeChoice): void;
  toggleMembers(): void;
  setDrawer(drawer: UiState["drawer"]): void;
  toggleCategory(id: string): void;
  setDraft(channelId: string, text: string): void;
}

export const useUi = create<UiState>()((set, get) => ({
  theme: readTheme(),
  membersOpen: true,
  drawer: "none",
  collapsed: read<Record<string, boolean>>(collapsedKey, {}),
  drafts: read<Record<string, string>>(draftsKey, {}),
  notifications: read<boolean>(notificationsKey, false),
  search: null,
  setSearch: (search) => set({ search }),
  jumpTo: null,
  setJumpTo: (jumpTo) => set({ jumpTo }),
  setNotifications: (on) => {
    write(notificationsKey, on);
    set({ notifications: on });
  },
  setTheme: (theme) => {
    localStorage.setItem(themeKey, theme);
    applyTheme(theme);
    set({ theme });
  },
  toggleMembers: () => set((state) => ({ membersOpen: !state.membersOpen })),
  setDrawer: (drawer) => set({ drawer }),
  toggleCategory: (id) => {
    const collapsed = { ...get().collapsed, [id]: !get().collapsed[id] };
    write(collapsedKey, collapsed);
    set({ collapsed });
  },
  setDraft: (channelId, text) => {
    const drafts = { ...get().drafts };
    if (text) drafts[channelId] = text;
    else delete drafts[channelId];
    write(draftsKey, drafts);
    set({ drafts });
  },
}));
