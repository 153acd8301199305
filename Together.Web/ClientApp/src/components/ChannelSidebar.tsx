import { Bell, ChevronDown, ChevronRight, Hash, LogOut, Plus, Settings, UserPlus, Volume2 } from "lucide-react";
import { useState } from "react";
import type { Snowflake } from "../api/types";
import { navigate } from "../app/router";
import { P } from "../permissions/permissions";
import { usePermissions } from "../permissions/usePermissions";
import { isPrivate, privateChannelName } from "../store/model";
import { compareIds } from "../store/reduce";
import { isUnread, sidebarTree } from "../store/selectors";
import { useStore } from "../store/store";
import { useUi } from "../store/ui";
import type { ServerSettingsTab } from "./server/ServerSettings";
import { Avatar } from "./Avatar";
import { NewGroupDialog } from "./NewGroupDialog";
import { UserPanel } from "./UserPanel";
import { joinVoice } from "../voice/actions";
import { VoicePanel } from "../voice/VoicePanel";
import { VoiceParticipants } from "../voice/VoiceParticipants";

interface Props {
  serverId: Snowflake | null;
  channelId: Snowflake | null;
  onCreateChannel: (parentId: Snowflake | null) => void;
  onInvite: () => void;
  onLeave: () => void;
  onSettings: (tab?: ServerSettingsTab, channelId?: Snowflake) => void;
  onNotifications: () => void;
}

/** The server's name, its channels under collapsible categories, and the user panel. */
export function ChannelSidebar({ serverId, channelId, onCreateChannel, onInvite, onLeave, onSettings, onNotifications }: Props) {
  const me = useStore((state) => state.me);
  const server = useStore((state) => (serverId ? state.servers[serverId] : undefined));
  const channels = useStore((state) => state.channels);
  const readStates = useStore((state) => state.readStates);
  const collapsed = useUi((state) => state.collapsed);
  const toggle = useUi((state) => state.toggleCategory);
  const closeDrawer = useUi((state) => state.setDrawer);
  const sections = serverId ? sidebarTree(channels, serverId) : [];
  const { can } = usePermissions(serverId);
  const manageChannels = can(P.ManageChannels);
  const editChannels = manageChannels || can(P.ManageRoles);
  const anySettings = editChannels || can(P.ManageServer) || can(P.BanMembers) || can(P.ViewAuditLog);

  return (
    <aside className="sidebar" aria-label={server ? `${server.name} channels` : "Direct messages"}>
      <header className="sidebar-header">
        <h1 className="server-name">{server?.name ?? "Home"}</h1>
        {server && can(P.CreateInvite) ? (
          <button className="icon" aria-label="Invite people" title="Invite people" onClick={onInvite}>
            <UserPlus size={18} />
          </button>
        ) : null}
        {server ? (
          <button className="icon" aria-label="Notification settings" title="Notification settings" onClick={onNotifications}>
            <Bell size={18} />
          </button>
        ) : null}
        {anySettings ? (
          <button className="icon" aria-label="Server settings" title="Server settings" onClick={() => onSettings()}>
            <Settings size={18} />
          </button>
        ) : null}
        {server && server.ownerId !== me?.id ? (
          <button className="icon" aria-label="Leave server" title="Leave server" onClick={onLeave}>
            <LogOut size={18} />
          </button>
        ) : null}
      </header>
      <div className="channel-scroll">
        {server ? (
          <>
            {sections.map((section) => {
              const key = section.category?.id ?? "none";
              const isCollapsed = section.category ? !!collapsed[section.category.id] : false;
              const listId = `channels-${key}`;
              return (
                <section key={key} className="channel-section">
                  {section.category ? (
                    <div className="category">
                      <button className="category-toggle" aria-expanded={!isCollapsed} aria-controls={listId} onClick={() => toggle(section.category!.id)}>
                        {isCollapsed ? <ChevronRight size={12} aria-hidden="true" /> : <ChevronDown size={12} aria-hidden="true" />}
                        <span>{section.category.name}</span>
                      </button>
                      {manageChannels ? (
                        <button className="icon small" aria-label={`Create a channel in ${section.category.name}`} onClick={() => onCreateChannel(section.category!.id)}>
                          <Plus size={14} />
                        </button>
                      ) : null}
                    </div>
                  ) : null}
                  <ul id={listId} hidden={isCollapsed}>
                    {section.channels.map((channel) => {
                      const active = channel.id === channelId;
                      const readState = readStates[channel.id];
                      const unread = !active && isUnread(readState);
                      const mentions = active ? 0 : readState?.mentionCount ?? 0;
                      const Icon = channel.type === "voice" ? Volume2 : Hash;
                      return (
                        <li key={channel.id} className="channel-item">
                          <a
                            href={`/channels/${serverId}/${channel.id}`}
                            className={["channel", active ? "active" : "", unread ? "unread" : ""].filter(Boolean).join(" ")}
                            aria-current={active ? "page" : undefined}
                            aria-label={`${channel.name} (${channel.type === "voice" ? "voice" : "text"} channel${unread ? ", unread" : ""}${mentions ? `, ${mentions} ${mentions === 1 ? "mention" : "mentions"}` : ""})`}
                            onClick={(event) => {
                              event.preventDefault();
                              if (channel.type === "voice") joinVoice(serverId!, channel.id);
                              if (channel.type !== "text") return;
                              navigate(`/channels/${serverId}/${channel.id}`);
                              closeDrawer("none");
                            }}
                          >
                            <Icon size={18} aria-hidden="true" className="channel-icon" />
                            <span className="channel-name">{channel.name}</span>
                            {mentions ? <span className="mention-badge" aria-hidden="true">{mentions}</span> : null}
                          </a>
                          {editChannels ? (
                            <button className="icon small channel-edit" aria-label={`Edit ${channel.name}`} title="Edit channel" onClick={() => onSettings("channels", channel.id)}>
                              <Settings size={14} />
                            </button>
                          ) : null}
                          {channel.type === "voice" ? <VoiceParticipants serverId={serverId!} channelId={channel.id} /> : null}
                        </li>
                      );
                    })}
                  </ul>
                </section>
              );
            })}
            {manageChannels ? (
              <button className="add-channel" onClick={() => onCreateChannel(null)}>
                <Plus size={16} aria-hidden="true" /> Create channel
              </button>
            ) : null}
          </>
        ) : (
          <DirectMessages channelId={channelId} />
        )}
      </div>
      <VoicePanel />
      <UserPanel />
    </aside>
  );
}

/** Home's list: DMs and group DMs, the most recently active first, unread ones bold with their mention count. */
function DirectMessages({ channelId }: { channelId: Snowflake | null }) {
  const me = useStore((state) => state.me);
  const channels = useStore((state) => state.channels);
  const readStates = useStore((state) => state.readStates);
  const closeDrawer = useUi((state) => state.setDrawer);
  const list = Object.values(channels)
    .filter(isPrivate)
    .sort((a, b) => compareIds(b.lastMessageId ?? b.id, a.lastMessageId ?? a.id));
  const [creating, setCreating] = useState(false);
  return (
    <section className="channel-section" aria-labelledby="dm-title">
      <div className="category">
        <h2 id="dm-title" className="dm-title">Direct messages</h2>
        <button className="icon small" aria-label="New message or group" title="New message or group" onClick={() => setCreating(true)}>
          <Plus size={14} />
        </button>
      </div>
      {creating ? <NewGroupDialog onClose={() => setCreating(false)} /> : null}
      {list.length === 0 ? <p className="muted sidebar-empty">Direct messages will be listed here. Start one with +, or from a member of a server.</p> : null}
      <ul>
        {list.map((channel) => {
          const active = channel.id === channelId;
          const readState = readStates[channel.id];
          const unread = !active && isUnread(readState);
          const mentions = active ? 0 : readState?.mentionCount ?? 0;
          const name = privateChannelName(channel, me?.id);
          const other = channel.recipients?.find((user) => user.id !== me?.id);
          return (
            <li key={channel.id}>
              <a href={`/channels/@me/${channel.id}`} className={["channel", "dm", active ? "active" : "", unread ? "unread" : ""].filter(Boolean).join(" ")}
                aria-current={active ? "page" : undefined}
                aria-label={`${name} (${channel.type === "group_dm" ? "group message" : "direct message"}${unread ? ", unread" : ""}${mentions ? `, ${mentions} ${mentions === 1 ? "mention" : "mentions"}` : ""})`}
                onClick={(event) => {
                  event.preventDefault();
                  navigate(`/channels/@me/${channel.id}`);
                  closeDrawer("none");
                }}>
                {other ? <Avatar user={other} size={28} /> : null}
                <span className="channel-name">{name}</span>
                {mentions ? <span className="mention-badge" aria-hidden="true">{mentions}</span> : null}
              </a>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
