import { useEffect, useMemo, useState } from "react";
import { AtSign, Hash, Pencil, Pin } from "lucide-react";
import type { Channel, Member, Snowflake } from "../api/types";
import { navigate } from "../app/router";
import type { MentionNames } from "../markdown/render";
import { MentionNamesContext } from "../markdown/render";
import { displayName, privateChannelName, recipientsAsMembers } from "../store/model";
import { roleColor, typingText } from "../store/selectors";
import { useStore } from "../store/store";
import { useUi } from "../store/ui";
import { Composer } from "./Composer";
import { MessageList } from "./MessageList";
import { RenameGroupDialog } from "./NewGroupDialog";
import { PinsDialog } from "./PinsDialog";
import { PaneHeader } from "./Shell";

/** One text channel: header, history, who is typing, and the composer. */
export function ChannelView({ serverId, channel }: { serverId: Snowflake | null; channel: Channel }) {
  const serverMembers = useStore((state) => (serverId ? state.members[serverId] : undefined));
  const members = useMemo(() => serverMembers ?? recipientsAsMembers(channel), [serverMembers, channel]);
  const roles = useStore((state) => (serverId ? state.roles[serverId] : undefined));
  const me = useStore((state) => state.me);
  const channels = useStore((state) => state.channels);
  const [pinsOpen, setPinsOpen] = useState(false);
  const [renaming, setRenaming] = useState(false);
  const names = useMemo<MentionNames>(
    () => ({
      user: (id) => {
        const member = members?.[id];
        return member ? displayName(member.user, member) : undefined;
      },
      role: (id) => {
        const role = roles?.[id];
        return role ? { name: role.name, color: roleColor(role) } : undefined;
      },
      channel: (id) => channels[id]?.name ?? undefined,
      openChannel: (id) => navigate(`/channels/${serverId ?? "@me"}/${id}`),
    }),
    [members, roles, channels, serverId],
  );

  return (
    <MentionNamesContext.Provider value={names}>
      <PaneHeader title={serverId ? channel.name ?? "" : privateChannelName(channel, me?.id)}
        icon={serverId ? <Hash size={20} aria-hidden="true" className="muted" /> : <AtSign size={20} aria-hidden="true" className="muted" />} topic={channel.topic} showMembers={!!serverId}
        actions={
          <>
            {channel.type === "group_dm" ? (
              <button className="icon" aria-label="Rename group" title="Rename group" onClick={() => setRenaming(true)}><Pencil size={20} /></button>
            ) : null}
            <button className="icon" aria-label="Pinned messages" onClick={() => setPinsOpen(true)}><Pin size={20} /></button>
            {serverId ? <SearchBox serverId={serverId} /> : null}
          </>
        } />
      {renaming ? <RenameGroupDialog channel={channel} onClose={() => setRenaming(false)} /> : null}
      {pinsOpen ? <PinsDialog channelId={channel.id} serverId={serverId} onClose={() => setPinsOpen(false)} /> : null}
      <MessageList key={channel.id} channelId={channel.id} serverId={serverId} />
      <Composer channel={channel} serverId={serverId} />
      <TypingIndicator channelId={channel.id} serverId={serverId} members={members} />
    </MentionNamesContext.Provider>
  );
}

/** The header's search box: Enter shows the results beside the channel. */
function SearchBox({ serverId }: { serverId: Snowflake }) {
  const [text, setText] = useState("");
  return (
    <input className="search-box" type="search" placeholder="Search" aria-label="Search messages" value={text} onChange={(event) => setText(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === "Enter" && text.trim()) {
          useUi.getState().setSearch({ serverId, text: text.trim() });
          // On a phone the results are the right-hand drawer.
          if (window.matchMedia("(max-width: 767px)").matches) useUi.getState().setDrawer("members");
        }
        if (event.key === "Escape" && text) {
          event.preventDefault();
          setText("");
          useUi.getState().setSearch(null);
        }
      }} />
  );
}

function TypingIndicator({ channelId, serverId, members }: { channelId: Snowflake; serverId: Snowflake | null; members: Record<Snowflake, Member> }) {
  const typing = useStore((state) => state.typing);
  const [now, setNow] = useState(Date.now());
  const active = Object.keys(typing[channelId] ?? {}).length > 0;
  // Indicators lapse on their own; tick only while one is showing.
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  const text = typingText({ typing, members: { [serverId ?? channelId]: members } }, channelId, serverId ?? channelId, now);
  return (
    <div className="typing" aria-live="polite">
      {text}
    </div>
  );
}
