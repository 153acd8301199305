import { MessageSquare, Plus } from "lucide-react";
import type { Snowflake } from "../api/types";
import { navigate } from "../app/router";
import { defaultChannel } from "../store/selectors";
import { useStore } from "../store/store";

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return (words.length > 1 ? words.slice(0, 3).map((word) => [...word][0]).join("") : [...name.trim()].slice(0, 2).join("")) || "?";
}

/** The left rail: home on top, one round icon per server, and "+" to create or join one. */
export function ServerRail({ serverId, onCreate }: { serverId: Snowflake | null; onCreate: () => void }) {
  const servers = useStore((state) => state.servers);
  const order = useStore((state) => state.serverOrder);
  const open = (id: Snowflake) => {
    const channel = defaultChannel(useStore.getState().channels, id);
    navigate(`/channels/${id}${channel ? `/${channel.id}` : ""}`);
  };
  return (
    <nav className="rail" aria-label="Servers">
      <ul>
        <li className={serverId === null ? "rail-item active" : "rail-item"}>
          <button className="rail-button home" aria-label="Home" aria-current={serverId === null ? "page" : undefined} onClick={() => navigate("/channels/@me")}>
            <MessageSquare size={22} aria-hidden="true" />
          </button>
        </li>
        <li className="rail-separator" aria-hidden="true" />
        {order.map((id) => {
          const server = servers[id];
          if (!server) return null;
          const active = id === serverId;
          return (
            <li key={id} className={active ? "rail-item active" : "rail-item"}>
              <button className="rail-button" aria-label={server.name} title={server.name} aria-current={active ? "page" : undefined} onClick={() => open(id)}>
                {server.icon ? <img className="server-icon" src={`/api/icons/${server.icon}`} alt="" /> : initials(server.name)}
              </button>
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
