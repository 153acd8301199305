import { type FormEvent, useEffect, useRef, useState } from "react";
import { api } from "../api/endpoints";
import { ApiError } from "../api/problem";
import type { NotificationLevel, Server } from "../api/types";
import { useStore } from "../store/store";
import { Dialog } from "./Dialog";

const levels: { value: NotificationLevel; label: string }[] = [
  { value: "all", label: "All messages" },
  { value: "mentions", label: "Only @mentions" },
  { value: "nothing", label: "Nothing" },
];

const mutes: { label: string; hours: number | null }[] = [
  { label: "Not muted", hours: 0 },
  { label: "For 1 hour", hours: 1 },
  { label: "For 8 hours", hours: 8 },
  { label: "For 24 hours", hours: 24 },
  { label: "Until I turn it back on", hours: null },
];

// "Muted forever" is a far future, as docs/api.md suggests.
const forever = "9999-12-31T23:59:59Z";

/**
 * A server's notification settings, stored on the server for every device (`PATCH
 * /users/@me/notification-settings/servers/{id}`): what notifies, and a mute.
 */
export function NotificationDialog({ server, onClose }: { server: Server; onClose: () => void }) {
  const current = useStore((state) => state.notificationSettings[`server:${server.id}`]);
  const mutedNow = !!current?.mutedUntil && new Date(current.mutedUntil).getTime() > Date.now();
  const [level, setLevel] = useState<NotificationLevel>("all");
  const [mute, setMute] = useState<number | null>(0);
  const [error, setError] = useState<string | null>(null);
  // The saved setting may arrive after the dialog opened (READY right after sign-in, or another device's change):
  // show it until the user picks something here.
  const touched = useRef(false);
  useEffect(() => {
    if (touched.current) return;
    setLevel(current && current.level !== "default" ? current.level : "all");
    setMute(mutedNow ? -1 : 0);
  }, [current, mutedNow]);

  async function save(event: FormEvent) {
    event.preventDefault();
    try {
      // -1 keeps the mute that is running; 0 unmutes.
      const mutedUntil = mute === -1 ? undefined : mute === 0 ? "" : mute === null ? forever : new Date(Date.now() + mute * 3_600_000).toISOString();
      const saved = await api.setServerNotifications(server.id, { level, mutedUntil });
      useStore.getState().apply({ t: "NOTIFICATION_SETTINGS_UPDATE", s: 0, d: saved });
      onClose();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  }

  return (
    <Dialog title={`Notifications for ${server.name}`} onClose={onClose} onSubmit={save} footer={<button className="primary" type="submit">Save</button>}>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <fieldset className="choices">
        <legend>Notify me of</legend>
        {levels.map((option) => (
          <label key={option.value} className={level === option.value ? "choice selected" : "choice"}>
            <input type="radio" name="level" value={option.value} checked={level === option.value} onChange={() => { touched.current = true; setLevel(option.value); }} /> {option.label}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="mute-server">Mute {server.name}</label>
        <select id="mute-server" value={mute === null ? "forever" : String(mute)} onChange={(e) => { touched.current = true; setMute(e.target.value === "forever" ? null : Number(e.target.value)); }}>
          {mutedNow ? <option value="-1">Muted until {new Date(current!.mutedUntil!).toLocaleString()}</option> : null}
          {mutes.map((option) => <option key={option.label} value={option.hours === null ? "forever" : String(option.hours)}>{option.label}</option>)}
        </select>
      </div>
      <p className="muted small">Saved to your account, for every device. Browser notifications also need "Desktop notifications" in user settings.</p>
    </Dialog>
  );
}
