import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { api } from "../api/endpoints";
import { ApiError } from "../api/problem";
import type { Member, Role, Snowflake } from "../api/types";
import { rolesByRank } from "../permissions/order";
import { highestPosition, P } from "../permissions/permissions";
import { usePermissions } from "../permissions/usePermissions";
import { displayName } from "../store/model";
import { roleColor } from "../store/selectors";
import { useStore } from "../store/store";
import { navigate } from "../app/router";
import { Dialog } from "./Dialog";
import { MemberVoiceActions } from "../voice/ParticipantMenu";

const emptyRoles: Record<Snowflake, Role> = {};

const timeouts: { label: string; seconds: number }[] = [
  { label: "60 seconds", seconds: 60 },
  { label: "5 minutes", seconds: 300 },
  { label: "10 minutes", seconds: 600 },
  { label: "1 hour", seconds: 3600 },
  { label: "1 day", seconds: 86_400 },
  { label: "1 week", seconds: 604_800 },
];

export const deleteWindows: { label: string; seconds: number }[] = [
  { label: "Don't delete any", seconds: 0 },
  { label: "Previous hour", seconds: 3600 },
  { label: "Previous 6 hours", seconds: 21_600 },
  { label: "Previous 24 hours", seconds: 86_400 },
  { label: "Previous 3 days", seconds: 259_200 },
  { label: "Previous 7 days", seconds: 604_800 },
];

function message(caught: unknown): string {
  return caught instanceof ApiError ? caught.message : String(caught);
}

function applyMember(serverId: Snowflake, member: Member) {
  useStore.getState().apply({ t: "MEMBER_UPDATE", s: 0, d: { ...member, serverId } });
}

/** What the caller may do to a member: only the actions their permissions and rank allow are listed. */
export function useMemberActions(serverId: Snowflake, member: Member) {
  const { can, outranks } = usePermissions(serverId);
  const above = outranks(member);
  return {
    roles: can(P.ManageRoles),
    timeout: can(P.ModerateMembers) && above,
    kick: can(P.KickMembers) && above,
    ban: can(P.BanMembers) && above,
  };
}

type Open = "menu" | "kick" | "ban" | null;

/**
 * The member's context menu (right-click or the ⋯ button in the member list): roles, time out, kick, ban.
 * Closes on Esc and on a click elsewhere.
 */
export function MemberMenu({ serverId, member, open, onClose, onOpen }: { serverId: Snowflake; member: Member; open: Open; onClose: () => void; onOpen: (open: Open) => void }) {
  const roles = useStore((state) => state.roles[serverId] ?? emptyRoles);
  const server = useStore((state) => state.servers[serverId]);
  const me = useStore((state) => state.me);
  const myMember = useStore((state) => (me ? state.members[serverId]?.[me.id] : undefined));
  const actions = useMemberActions(serverId, member);
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const name = displayName(member.user, member);

  useEffect(() => {
    if (open !== "menu") return;
    ref.current?.querySelector<HTMLElement>("[role=menuitem], [role=menuitemcheckbox]")?.focus();
    const away = (event: MouseEvent) => { if (!ref.current?.contains(event.target as Node)) onClose(); };
    const key = (event: KeyboardEvent) => { if (event.key === "Escape") onClose(); };
    document.addEventListener("mousedown", away);
    document.addEventListener("keydown", key);
    return () => {
      document.removeEventListener("mousedown", away);
      document.removeEventListener("keydown", key);
    };
  }, [open, onClose]);

  if (open === "kick") return <KickDialog serverId={serverId} member={member} onClose={onClose} />;
  if (open === "ban") return <BanDialog serverId={serverId} member={member} onClose={onClose} />;
  if (open !== "menu" || !server) return null;

  const myTop = me?.id === server.ownerId ? Number.MAX_SAFE_INTEGER : highestPosition({ server, roles, member: myMember }, myMember);
  const givable = actions.roles ? rolesByRank(roles).filter((role) => role.id !== serverId && role.position < myTop) : [];
  const timedOut = !!member.timeoutUntil && new Date(member.timeoutUntil).getTime() > Date.now();

  async function run(action: () => Promise<Member | void>) {
    setError(null);
    try {
      const updated = await action();
      if (updated) applyMember(serverId, updated);
    } catch (caught) {
      setError(message(caught));
    }
  }

  const toggleRole = (role: Role) =>
    run(() => (member.roles.includes(role.id) ? api.removeMemberRole(serverId, member.user.id, role.id) : api.addMemberRole(serverId, member.user.id, role.id)));
  const timeout = (seconds: number | null) =>
    run(() => api.updateMember(serverId, member.user.id, { timeoutUntil: seconds === null ? null : new Date(Date.now() + seconds * 1000).toISOString() }));

  const self = member.user.id === me?.id;
  const nothing = givable.length === 0 && !actions.timeout && !actions.kick && !actions.ban;

  async function openDm() {
    try {
      const id = await useStore.getState().openPrivateChannel([member.user.id]);
      onClose();
      navigate(`/channels/@me/${id}`);
    } catch (caught) {
      setError(message(caught));
    }
  }

  return (
    <div ref={ref} className="menu member-menu" role="menu" aria-label={`Manage ${name}`}>
      {self ? null : <button role="menuitem" onClick={() => void openDm()}>Message {name}</button>}
      {self ? null : <button role="menuitem" onClick={() => void run(async () => { await api.block(member.user.id); onClose(); })}>Block {name}</button>}
      {nothing ? <p className="muted small menu-note">Nothing you can change for {name}.</p> : null}
      {givable.length > 0 ? (
        <div role="group" aria-label="Roles">
          <p className="menu-heading">Roles</p>
          {givable.map((role) => (
            <button key={role.id} role="menuitemcheckbox" aria-checked={member.roles.includes(role.id)} onClick={() => void toggleRole(role)}>
              <span className="role-dot" style={{ background: roleColor(role) ?? "var(--text-muted)" }} aria-hidden="true" />
              {role.name}
              <span className="menu-check" aria-hidden="true">{member.roles.includes(role.id) ? "✓" : ""}</span>
            </button>
          ))}
        </div>
      ) : null}
      {actions.timeout ? (
        <div role="group" aria-label="Time out">
          <p className="menu-heading">{timedOut ? `Timed out until ${new Date(member.timeoutUntil!).toLocaleString()}` : "Time out"}</p>
          {timedOut ? <button role="menuitem" onClick={() => void timeout(null)}>Remove timeout</button> : timeouts.map((option) => (
            <button key={option.seconds} role="menuitem" onClick={() => void timeout(option.seconds)}>Time out for {option.label}</button>
          ))}
        </div>
      ) : null}
      <MemberVoiceActions serverId={serverId} userId={member.user.id} name={name} onDone={onClose} />
      {actions.kick ? <button role="menuitem" className="danger-text" onClick={() => onOpen("kick")}>Kick {name}</button> : null}
      {actions.ban ? <button role="menuitem" className="danger-text" onClick={() => onOpen("ban")}>Ban {name}</button> : null}
      {error ? <p className="form-error small" role="alert">{error}</p> : null}
    </div>
  );
}

/** A moderation dialog: the action runs on submit; a refusal shows its detail and keeps the dialog open. */
function ModerationDialog({ title, action, run, onClose, children }: { title: string; action: string; run: () => Promise<void>; onClose: () => void; children: ReactNode }) {
  const [error, setError] = useState<string | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await run();
      onClose();
    } catch (caught) {
      setError(message(caught));
    }
  }
  return (
    <Dialog title={title} onClose={onClose} onSubmit={submit} footer={<button className="danger" type="submit">{action}</button>}>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {children}
    </Dialog>
  );
}

function KickDialog({ serverId, member, onClose }: { serverId: Snowflake; member: Member; onClose: () => void }) {
  const name = displayName(member.user, member);
  return (
    <ModerationDialog title={`Kick ${name}`} action="Kick" onClose={onClose} run={() => api.kick(serverId, member.user.id)}>
      <p>{name} leaves the server now and may come back with a new invite.</p>
    </ModerationDialog>
  );
}

function BanDialog({ serverId, member, onClose }: { serverId: Snowflake; member: Member; onClose: () => void }) {
  const [reason, setReason] = useState("");
  const [window, setWindow] = useState(0);
  const name = displayName(member.user, member);
  return (
    <ModerationDialog title={`Ban ${name}`} action="Ban" onClose={onClose}
      run={() => api.ban(serverId, member.user.id, { reason: reason.trim() || undefined, deleteMessageSeconds: window })}>
      <p>{name} leaves the server and cannot join again until unbanned.</p>
      <div className="field">
        <label htmlFor="ban-delete">Delete their messages</label>
        <select id="ban-delete" value={window} onChange={(e) => setWindow(Number(e.target.value))}>
          {deleteWindows.map((option) => <option key={option.seconds} value={option.seconds}>{option.label}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor="ban-reason">Reason (optional)</label>
        <input id="ban-reason" value={reason} maxLength={512} onChange={(e) => setReason(e.target.value)} />
      </div>
    </ModerationDialog>
  );
}
