import { useState } from "react";
import type { Snowflake } from "../api/types";
import { displayName } from "../store/model";
import { groupMembers, memberColor } from "../store/selectors";
import { useStore } from "../store/store";
import { Avatar } from "./Avatar";
import { ParticipantMenu } from "../voice/ParticipantMenu";
import { useVoice } from "../voice/store";

const emptyRecord = {};

/** The right column: members grouped by hoisted role, then Online and Offline, with presence dots. */
export function MemberList({ serverId }: { serverId: Snowflake }) {
  const members = useStore((state) => state.members[serverId] ?? emptyRecord);
  const roles = useStore((state) => state.roles[serverId] ?? emptyRecord);
  const presences = useStore((state) => state.presences);
  const me = useStore((state) => state.me);
  const voiceStates = useVoice((voice) => voice.states);
  const [menu, setMenu] = useState<Snowflake | null>(null);
  // Until presence events arrive, the signed-in user knows they are online.
  const withMe = me && !presences[me.id] ? { ...presences, [me.id]: { status: "online" as const } } : presences;
  const groups = groupMembers(Object.values(members), roles, withMe);
  return (
    <aside className="members" aria-label="Members">
      {groups.map((group) => (
        <section key={group.key} aria-label={`${group.title}, ${group.members.length}`}>
          <h2 className="member-group">
            {group.title} — {group.members.length}
          </h2>
          <ul>
            {group.members.map((member) => {
              const status = withMe[member.user.id]?.status ?? "offline";
              const voice = voiceStates[member.user.id];
              return (
                <li key={member.user.id} className={status === "offline" || status === "invisible" ? "member offline" : "member"}
                  onContextMenu={(event) => { if (voice?.serverId === serverId) { event.preventDefault(); setMenu(member.user.id); } }}>
                  <Avatar user={member.user} status={status === "invisible" ? "offline" : status} size={32} />
                  <span className="member-name" style={{ color: memberColor(member, roles) }}>
                    {displayName(member.user, member)}
                  </span>
                  {menu === member.user.id && voice ? (
                    <ParticipantMenu serverId={serverId} state={voice} name={displayName(member.user, member)} onClose={() => setMenu(null)} />
                  ) : null}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </aside>
  );
}
