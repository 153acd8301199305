import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { Menu, Plus, Users } from "lucide-react";
import type { Snowflake } from "../api/types";
import { navigate } from "../app/router";
import { P } from "../permissions/permissions";
import { usePermissions } from "../permissions/usePermissions";
import { adjacentChannel } from "../store/navigation";
import { defaultChannel } from "../store/selectors";
import { useStore } from "../store/store";
import { isPrivate } from "../store/model";
import { useUi } from "../store/ui";
import { ChannelSidebar } from "./ChannelSidebar";
import { ChannelView } from "./ChannelView";
import { ConnectionBanner } from "./ConnectionBanner";
import { Logo } from "./Logo";
import { MemberList } from "./MemberList";
import { NotificationDialog } from "./NotificationDialog";
import { QuickSwitcher } from "./QuickSwitcher";
import { SearchPanel } from "../search/SearchPanel";
import { ServerRail } from "./ServerRail";
import { CreateChannelDialog, CreateServerDialog, InviteDialog, LeaveServerDialog } from "./ServerDialogs";
import type { ServerSettingsTab } from "./server/ServerSettings";

// Server settings load on demand, as user settings do: most visits never open them.
const ServerSettings = lazy(() => import("./server/ServerSettings"));

type Open =
  | { dialog: "none" }
  | { dialog: "server" }
  | { dialog: "channel"; parentId: Snowflake | null }
  | { dialog: "invite" }
  | { dialog: "leave" }
  | { dialog: "switcher" }
  | { dialog: "notifications" }
  | { dialog: "settings"; tab?: ServerSettingsTab; channelId?: Snowflake };

/** The Discord-shaped layout: rail, sidebar, main pane, member list; drawers on phones. */
export function Shell({ serverId, channelId }: { serverId: Snowflake | null; channelId: Snowflake | null }) {
  const [open, setOpen] = useState<Open>({ dialog: "none" });
  const server = useStore((state) => (serverId ? state.servers[serverId] : undefined));
  const channels = useStore((state) => state.channels);
  const serversLoaded = useStore((state) => state.serverOrder.length > 0);
  const drawer = useUi((state) => state.drawer);
  const setDrawer = useUi((state) => state.setDrawer);
  const membersOpen = useUi((state) => state.membersOpen);
  const search = useUi((state) => state.search);
  const channel = channelId ? channels[channelId] : undefined;
  const canCreateChannels = usePermissions(serverId).can(P.ManageChannels);

  useEffect(() => {
    if (serverId) useStore.getState().loadServer(serverId).catch(() => undefined);
  }, [serverId]);

  // A server that goes away while open (kicked, banned, deleted) leaves for home.
  const shown = useRef<Snowflake | null>(null);
  useEffect(() => {
    if (server) shown.current = server.id;
    else if (serverId && shown.current === serverId) {
      shown.current = null;
      navigate("/channels/@me", { replace: true });
    }
  }, [server, serverId]);

  // A server opened without a channel (from the rail, or a link), or on one that went away (deleted, or hidden by
  // a permission change), lands on its first text channel.
  useEffect(() => {
    if (serverId && (!channelId || !channels[channelId])) {
      const first = defaultChannel(channels, serverId);
      if (first) navigate(`/channels/${serverId}/${first.id}`, { replace: true });
    }
  }, [serverId, channelId, channels]);

  // Ctrl/Cmd+K opens the quick switcher; Alt+Up/Down moves between channels, with Shift between unread ones.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setOpen((current) => (current.dialog === "switcher" ? { dialog: "none" } : { dialog: "switcher" }));
        return;
      }
      if (event.altKey && !event.ctrlKey && !event.metaKey && (event.key === "ArrowUp" || event.key === "ArrowDown") && serverId) {
        const state = useStore.getState();
        const next = adjacentChannel(state.channels, state.readStates, serverId, channelId, event.key === "ArrowUp" ? -1 : 1, event.shiftKey);
        event.preventDefault();
        if (next) navigate(`/channels/${serverId}/${next.id}`);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [serverId, channelId]);

  const inviteChannel = channel?.type === "text" ? channel.id : serverId ? defaultChannel(channels, serverId)?.id : undefined;
  const close = useCallback(() => setOpen({ dialog: "none" }), []);

  return (
    <div className={`shell drawer-${drawer}${(membersOpen || search?.serverId === serverId) && server ? " with-members" : ""}`}>
      <ConnectionBanner />
      <div className="nav-drawer">
        <ServerRail serverId={serverId} onCreate={() => setOpen({ dialog: "server" })} />
        <ChannelSidebar serverId={serverId} channelId={channelId} onCreateChannel={(parentId) => setOpen({ dialog: "channel", parentId })}
          onInvite={() => setOpen({ dialog: "invite" })} onLeave={() => setOpen({ dialog: "leave" })}
          onSettings={(tab, settingsChannelId) => setOpen({ dialog: "settings", tab, channelId: settingsChannelId })}
          onNotifications={() => setOpen({ dialog: "notifications" })} />
      </div>
      <div className="scrim" hidden={drawer === "none"} onClick={() => setDrawer("none")} aria-hidden="true" />
      <main className="main" aria-label={channel ? `#${channel.name}` : server?.name ?? "Home"}>
        {server && channel ? (
          <ChannelView serverId={server.id} channel={channel} />
        ) : !serverId && channel && isPrivate(channel) ? (
          <ChannelView serverId={null} channel={channel} />
        ) : server ? (
          <>
            <PaneHeader title={server.name} />
            <div className="empty-state">
              <h2>No text channels yet</h2>
              <p className="muted">Create one to start talking.</p>
              {canCreateChannels ? <button className="primary" onClick={() => setOpen({ dialog: "channel", parentId: null })}>Create channel</button> : null}
            </div>
          </>
        ) : (
          <>
            <PaneHeader title="Home" />
            <div className="empty-state">
              <Logo size={72} />
              <h2>{serversLoaded ? "Pick a server" : "Welcome to Together"}</h2>
              <p className="muted">{serversLoaded ? "Choose a server on the left, or start another one." : "Create a server for your community, or join one with an invite link."}</p>
              <button className="primary" onClick={() => setOpen({ dialog: "server" })}>
                <Plus size={16} aria-hidden="true" /> Create or join a server
              </button>
            </div>
          </>
        )}
      </main>
      {server && search?.serverId === server.id ? (
        <div className="members-drawer"><SearchPanel serverId={server.id} text={search.text} /></div>
      ) : server && membersOpen ? <div className="members-drawer"><MemberList serverId={server.id} /></div> : null}
      {open.dialog === "server" ? <CreateServerDialog onClose={close} /> : null}
      {open.dialog === "leave" && server ? <LeaveServerDialog server={server} onClose={close} /> : null}
      {open.dialog === "channel" && serverId ? <CreateChannelDialog serverId={serverId} parentId={open.parentId} onClose={close} /> : null}
      {open.dialog === "invite" && inviteChannel ? <InviteDialog channelId={inviteChannel} onClose={close} /> : null}
      {open.dialog === "switcher" ? <QuickSwitcher onClose={close} /> : null}
      {open.dialog === "notifications" && server ? <NotificationDialog server={server} onClose={close} /> : null}
      {open.dialog === "settings" && serverId ? (
        <Suspense fallback={null}>
          <ServerSettings serverId={serverId} tab={open.tab} channelId={open.channelId} onClose={close} />
        </Suspense>
      ) : null}
    </div>
  );
}

/** The 48 px header of the main pane; on phones it carries the drawer buttons. */
export function PaneHeader({ title, icon, topic, showMembers = false, actions }: { title: string; icon?: React.ReactNode; topic?: string | null; showMembers?: boolean; actions?: React.ReactNode }) {
  const setDrawer = useUi((state) => state.setDrawer);
  const drawer = useUi((state) => state.drawer);
  const toggleMembers = useUi((state) => state.toggleMembers);
  const membersOpen = useUi((state) => state.membersOpen);
  const phone = () => window.matchMedia("(max-width: 767px)").matches;
  return (
    <header className="pane-header">
      <button className="icon phone-only" aria-label="Open navigation" aria-expanded={drawer === "nav"} onClick={() => setDrawer(drawer === "nav" ? "none" : "nav")}>
        <Menu size={20} />
      </button>
      {icon}
      <h2 className="pane-title">{title}</h2>
      {topic ? <p className="pane-topic" title={topic}>{topic}</p> : null}
      <span className="spacer" />
      {actions}
      {showMembers ? (
        <button className="icon" aria-label="Member list" aria-pressed={phone() ? drawer === "members" : membersOpen}
          onClick={() => (phone() ? setDrawer(drawer === "members" ? "none" : "members") : toggleMembers())}>
          <Users size={20} />
        </button>
      ) : null}
    </header>
  );
}
