import { MessageSquare, Plus } from "lucide-react";
import type { Snowflake } from "../api/types";
import { navigate } from "../app/router";
import { unreadSummary } from "../store/navigation";
import { defaultChannel } from "../store/selectors";
import { useStore } from "../store/store";

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return (words.length > 1 ? words.slice(0, 3).map((word) => [...word][0]).join("") : [...name.trim()].slice(0, 2).join("")) || "?";
}

function railClass(active: boolean, unread: boolean): string {
  return ["rail-item", active ? "active" : "", unread ? "unread" : ""].filter(Boolean).join(" ");
}

/** The name, as tests and screen readers find it, then what is unread: "Book Club, unread, 2 mentions". */
function railLabel(name: string, marks: { unread: boolean; mentions: number }): string {
  const mentions = marks.mentions ? `, ${marks.mentions} ${marks.mentions === 1 ? "mention" : "mentions"}` : "";
  return `${name}${marks.unread ? ", unread" : ""}${mentions}`;
}

/** The left rail: home on top, one round icon per server, and "+" to create or join one. */
export function ServerRail({ serverId, onCreate }: { serverId: Snowflake | null; onCreate: () => void }) {
  const servers = useStore((state) => state.servers);
  const order = useStore((state) => state.serverOrder);
  const channels = useStore((state) => state.channels);
  const readStates = useStore((state) => state.readStates);
  const home = unreadSummary(channels, readStates, null);
  const open = (id: Snowflake) => {
    const channel = defaultChannel(useStore.getState().channels, id);
    navigate(`/channels/${id}${channel ? `/${channel.id}` : ""}`);
  };
  return (
    <nav className="rail" aria-label="Servers">
      <ul>
        <li className={railClass(serverId === null, home.unread)}>
          <button className="rail-button home" aria-label={railLabel("Home", home)} aria-current={serverId === null ? "page" : undefined} onClick={() => navigate("/channels/@me")}>
            <MessageSquare size={22} aria-hidden="true" />
          </button>
          {home.mentions ? <span className="rail-badge" aria-hidden="true">{home.mentions}</span> : null}
        </li>
        <li className="rail-separator" aria-hidden="true" />
        {order.map((id) => {
          const server = servers[id];
          if (!server) return null;
          const active = id === serverId;
          const marks = unreadSummary(channels, readStates, id);
          return (
            <li key={id} className={railClass(active, marks.unread)}>
              <button className="rail-button" aria-label={railLabel(server.name, marks)} title={server.name} aria-current={active ? "page" : undefined} onClick={() => open(id)}>
                {server.icon ? <img className="server-icon" src={`/api/icons/${server.icon}`} alt="" /> : initials(server.name)}
              </button>
              {marks.mentions ? <span className="rail-badge" aria-hidden="true">{marks.mentions}</span> : null}
            </li>
          );
        })}
        <li className="rail-item">
          <button className="rail-button add" aria-label="Create or join a server" title="Create or join a server" onClick={onCreate}>
            <Plus size={22} aria-hidden="true" />
          </button>
        </li>
      </ul>
    </nav>
  );
}
