import { type FormEvent, useEffect, useState } from "react";
import { LogOut, Monitor, Moon, Sun, X } from "lucide-react";
import { api } from "../api/endpoints";
import { ApiError } from "../api/problem";
import { session } from "../api/session";
import type { Block, SessionInfo } from "../api/types";
import { navigate } from "../app/router";
import { useStore } from "../store/store";
import { type ThemeChoice, useUi } from "../store/ui";
import { Field } from "./Field";
import { VoiceDoctorSection, VoiceSettingsSection } from "../voice/VoiceSettingsSections";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

async function logOut() {
  try {
    await api.logout();
  } finally {
    session.end();
  }
}

/** User settings, loaded on demand: profile, appearance, and the sessions signed in to this account. */
export default function Settings() {
  const close = () => (window.history.length > 1 ? window.history.back() : navigate("/channels/@me"));
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && close();
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  return (
    <main className="settings" aria-labelledby="settings-title">
      <div className="settings-inner">
        <header className="settings-header">
          <h1 id="settings-title">User settings</h1>
          <button className="icon" aria-label="Close settings" onClick={close}>
            <X size={22} />
          </button>
        </header>
        <Profile />
        <Appearance />
        <Notifications />
        <Sessions />
        <BlockedUsers />
        <VoiceSettingsSection />
        <VoiceDoctorSection />
        <section className="settings-section">
          <button className="danger" onClick={() => void logOut()}>
            <LogOut size={16} aria-hidden="true" /> Log out
          </button>
        </section>
      </div>
    </main>
  );
}

function Profile() {
  const me = useStore((state) => state.me)!;
  const [displayName, setDisplayName] = useState(me.displayName ?? "");
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      useStore.getState().setMe(await api.updateMe({ displayName }));
      setSaved(true);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, { detail: String(caught) }));
    }
  }

  return (
    <section className="settings-section" aria-labelledby="profile-title">
      <h2 id="profile-title">My account</h2>
      <p className="muted">
        Signed in as <strong>{me.username}</strong>
        {me.isAdmin ? " · instance administrator" : ""}
      </p>
      <form onSubmit={save} className="row end" noValidate>
        <Field label="Display name" value={displayName} maxLength={32} onChange={(e) => setDisplayName(e.target.value)} error={error?.field("displayName")} />
        <button className="primary" type="submit">Save</button>
      </form>
      {error?.general ? <p className="form-error" role="alert">{error.general}</p> : null}
      {saved ? <p className="muted small" role="status">Saved.</p> : null}
    </section>
  );
}

const themes: { value: ThemeChoice; label: string; Icon: typeof Sun }[] = [
  { value: "dark", label: "Dark", Icon: Moon },
  { value: "light", label: "Light", Icon: Sun },
  { value: "system", label: "Follow the system", Icon: Monitor },
];

function Appearance() {
  const theme = useUi((state) => state.theme);
  const setTheme = useUi((state) => state.setTheme);
  return (
    <section className="settings-section" aria-labelledby="appearance-title">
      <h2 id="appearance-title">Appearance</h2>
      <div className="choices" role="radiogroup" aria-labelledby="appearance-title">
        {themes.map(({ value, label, Icon }) => (
          <label key={value} className={theme === value ? "choice selected" : "choice"}>
            <input type="radio" name="theme" value={value} checked={theme === value} onChange={() => setTheme(value)} />
            <Icon size={16} aria-hidden="true" /> {label}
          </label>
        ))}
      </div>
    </section>
  );
}

/** Browser notifications for mentions and direct messages while the tab is hidden; asks the browser first. */
function Notifications() {
  const on = useUi((state) => state.notifications);
  const setOn = useUi((state) => state.setNotifications);
  const supported = typeof Notification !== "undefined";
  const [permission, setPermission] = useState(supported ? Notification.permission : "denied");

  async function toggle(wanted: boolean) {
    if (wanted && supported && Notification.permission === "default") setPermission(await Notification.requestPermission());
    setOn(wanted);
  }

  return (
    <section className="settings-section" aria-labelledby="notifications-title">
      <h2 id="notifications-title">Notifications</h2>
      <label className="permission">
        <span className="permission-text">
          <span className="permission-label">Desktop notifications</span>
          <span className="muted small">When this tab is in the background, show a notification for new messages as each server's notification settings say (the bell in its header: all messages, only mentions, nothing, or muted), and for direct messages.</span>
        </span>
        <input type="checkbox" role="switch" className="switch" aria-label="Desktop notifications" checked={on && permission === "granted"}
          disabled={!supported || permission === "denied"} onChange={(event) => void toggle(event.target.checked)} />
      </label>
      {!supported ? <p className="muted small">This browser cannot show notifications.</p> : null}
      {supported && permission === "denied" ? <p className="muted small">The browser blocks notifications for this site; allow them in its site settings.</p> : null}
    </section>
  );
}

function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = /Edg\//.test(userAgent) ? "Edge" : /Chrom(e|ium)\//.test(userAgent) ? "Chromium" : /Firefox\//.test(userAgent) ? "Firefox" : /Safari\//.test(userAgent) ? "Safari" : "App";
  const system = /Android/.test(userAgent) ? "Android" : /iPhone|iPad/.test(userAgent) ? "iOS" : /Windows/.test(userAgent) ? "Windows" : /Mac OS/.test(userAgent) ? "macOS" : /Linux/.test(userAgent) ? "Linux" : "";
  return system ? `${browser} on ${system}` : browser;
}

function Sessions() {
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = () => api.sessions().then(setSessions, (caught: Error) => setError(caught.message));
  useEffect(() => void load(), []);

  async function revoke(id: string) {
    try {
      await api.revokeSession(id);
      await load();
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  async function revokeAll() {
    await api.revokeAllSessions().catch(() => undefined);
    session.end();
  }

  return (
    <section className="settings-section" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Devices</h2>
      <p className="muted">Every browser and app signed in to your account. Log out of any you don't recognise.</p>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <ul className="sessions" aria-busy={sessions === null}>
        {sessions?.map((item) => (
          <li key={item.id} className="session">
            <div>
              <strong>{describeDevice(item.userAgent)}</strong>
              {item.current ? <span className="badge">This device</span> : null}
              <p className="muted small">
                {item.ipAddress ?? "unknown address"} · signed in {dateFormat.format(new Date(item.createdAt))} · last active {dateFormat.format(new Date(item.lastUsedAt))}
              </p>
            </div>
            {item.current ? null : (
              <button className="secondary" onClick={() => void revoke(item.id)} aria-label={`Log out ${describeDevice(item.userAgent)}, signed in ${dateFormat.format(new Date(item.createdAt))}`}>
                Log out
              </button>
            )}
          </li>
        ))}
      </ul>
      <button className="secondary" onClick={() => void revokeAll()}>Log out everywhere</button>
    </section>
  );
}

/** People the user blocked: they cannot open a DM with the user or add them to a group DM (docs/api.md). */
function BlockedUsers() {
  const [blocks, setBlocks] = useState<Block[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.blocks().then(setBlocks, (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)));
  }, []);

  async function unblock(userId: string) {
    try {
      await api.unblock(userId);
      setBlocks((current) => current?.filter((block) => block.user.id !== userId) ?? null);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  return (
    <section className="settings-section" aria-labelledby="blocks-title">
      <h2 id="blocks-title">Blocked users</h2>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {blocks?.length === 0 ? <p className="muted">You have not blocked anyone. Block someone from their menu in a member list.</p> : null}
      <ul className="sessions" aria-label="Blocked users" aria-busy={blocks === null}>
        {blocks?.map((block) => (
          <li key={block.user.id} className="session">
            <div>
              <strong>{block.user.displayName ?? block.user.username}</strong>
              <p className="muted small">@{block.user.username} · blocked {dateFormat.format(new Date(block.createdAt))}</p>
            </div>
            <button className="secondary" onClick={() => void unblock(block.user.id)}>Unblock {block.user.username}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
