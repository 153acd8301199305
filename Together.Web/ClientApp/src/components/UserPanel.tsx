import { useState } from "react";
import { Settings } from "lucide-react";
import { navigate } from "../app/router";
import { customStatusLine, displayName } from "../store/model";
import { useStore } from "../store/store";
import { Avatar } from "./Avatar";
import { StatusMenu, statuses } from "./StatusMenu";
import { VoiceControls } from "../voice/VoicePanel";

/** Bottom of the sidebar: who you are, your status (sent to the gateway's UpdatePresence), and settings. */
export function UserPanel() {
  const me = useStore((state) => state.me);
  const presence = useStore((state) => (me ? state.presences[me.id] : undefined));
  const [open, setOpen] = useState(false);
  if (!me) return null;
  const status = presence?.status ?? "online";
  const label = statuses.find((s) => s.value === status)?.label ?? "Online";
  const custom = customStatusLine(presence?.customStatus);

  return (
    <div className="user-panel">
      <button className="user-button" aria-haspopup="menu" aria-expanded={open} aria-label={`${displayName(me)}, ${label}${custom ? `, ${custom}` : ""}. Change status`} onClick={() => setOpen(!open)}>
        <Avatar user={me} status={status} size={32} />
        <span className="user-names">
          <span className="user-display">{displayName(me)}</span>
          <span className="user-status">{custom || label}</span>
        </span>
      </button>
      {open ? <StatusMenu onClose={() => setOpen(false)} /> : null}
      <VoiceControls />
      <button className="icon" aria-label="User settings" title="User settings" onClick={() => navigate("/settings")}>
        <Settings size={18} />
      </button>
    </div>
  );
}
