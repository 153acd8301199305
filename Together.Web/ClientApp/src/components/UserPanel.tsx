import { useState } from "react";
import { Settings } from "lucide-react";
import type { PresenceStatus } from "../api/types";
import { navigate } from "../app/router";
import { gatewayInvoke } from "../gateway/gateway";
import { displayName } from "../store/model";
import { useStore } from "../store/store";
import { Avatar } from "./Avatar";
import { VoiceControls } from "../voice/VoicePanel";

const statuses: { value: PresenceStatus; label: string }[] = [
  { value: "online", label: "Online" },
  { value: "idle", label: "Idle" },
  { value: "dnd", label: "Do not disturb" },
  { value: "invisible", label: "Invisible" },
];

/** Bottom of the sidebar: who you are, your status (sent to the gateway's UpdatePresence), and settings. */
export function UserPanel() {
  const me = useStore((state) => state.me);
  const presence = useStore((state) => (me ? state.presences[me.id] : undefined));
  const [open, setOpen] = useState(false);
  if (!me) return null;
  const status = presence?.status ?? "online";
  const label = statuses.find((s) => s.value === status)?.label ?? "Online";

  function choose(value: PresenceStatus) {
    setOpen(false);
    useStore.setState((state) => ({ presences: { ...state.presences, [me!.id]: { status: value, customStatus: presence?.customStatus ?? null } } }));
    void gatewayInvoke("UpdatePresence", value, presence?.customStatus ?? null);
  }

  return (
    <div className="user-panel">
      <button className="user-button" aria-haspopup="menu" aria-expanded={open} aria-label={`${displayName(me)}, ${label}. Change status`} onClick={() => setOpen(!open)}>
        <Avatar user={me} status={status} size={32} />
        <span className="user-names">
          <span className="user-display">{displayName(me)}</span>
          <span className="user-status">{presence?.customStatus || label}</span>
        </span>
      </button>
      {open ? (
        <ul className="menu status-menu" role="menu" aria-label="Status">
          {statuses.map((option) => (
            <li key={option.value} role="none">
              <button role="menuitemradio" aria-checked={option.value === status} onClick={() => choose(option.value)}>
                <span className={`dot ${option.value}`} aria-hidden="true" /> {option.label}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <VoiceControls />
      <button className="icon" aria-label="User settings" title="User settings" onClick={() => navigate("/settings")}>
        <Settings size={18} />
      </button>
    </div>
  );
}
