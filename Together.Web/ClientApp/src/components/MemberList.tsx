import { useCallback, useState } from "react";
import type { Snowflake } from "../api/types";
import { displayName } from "../store/model";
import { groupMembers, memberColor } from "../store/selectors";
import { useStore } from "../store/store";
import { Avatar } from "./Avatar";
import { MemberMenu } from "./MemberMenu";

const emptyRecord = {};

/** The right column: members grouped by hoisted role, then Online and Offline, with presence dots. */
export function MemberList({ serverId }: { serverId: Snowflake }) {
  const members = useStore((state) => state.members[serverId] ?? emptyRecord);
  const roles = useStore((state) => state.roles[serverId] ?? emptyRecord);
  const presences = useStore((state) => state.presences);
  const me = useStore((state) => state.me);
  // Until presence events arrive, the signed-in user knows they are online.
  const withMe = me && !presences[me.id] ? { ...presences, [me.id]: { status: "online" as const } } : presences;
  const groups = groupMembers(Object.values(members), roles, withMe);
  const [menu, setMenu] = useState<{ userId: Snowflake; open: "menu" | "kick" | "ban" } | null>(null);
  const close = useCallback(() => setMenu(null), []);
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
              return (
                <li key={member.user.id} className={status === "offline" || status === "invisible" ? "member offline" : "member"}>
                  <button className="member-button" aria-haspopup="menu" aria-expanded={menu?.userId === member.user.id}
                    onClick={() => setMenu(menu?.userId === member.user.id ? null : { userId: member.user.id, open: "menu" })}
                    onContextMenu={(event) => { event.preventDefault(); setMenu({ userId: member.user.id, open: "menu" }); }}>
                    <Avatar user={member.user} status={status === "invisible" ? "offline" : status} size={32} />
                    <span className="member-name" style={{ color: memberColor(member, roles) }}>
                      {displayName(member.user, member)}
                    </span>
                  </button>
                  {menu?.userId === member.user.id ? (
                    <MemberMenu serverId={serverId} member={member} open={menu.open} onClose={close} onOpen={(open) => setMenu({ userId: member.user.id, open: open ?? "menu" })} />
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
