import { useCallback, useEffect, useState } from "react";
import { api } from "../../api/endpoints";
import type { AuditLogEntry, Snowflake } from "../../api/types";
import { displayName } from "../../store/model";
import { useStore } from "../../store/store";
import { dateTime } from "./InvitesAndBans";
import { asApiError } from "./ServerSettings";

const pageSize = 50;

/** docs/api.md "Audit log": every action, in words. */
export const auditActions: Record<string, string> = {
  server_update: "updated the server",
  server_transfer: "transferred the server",
  channel_create: "created a channel",
  channel_update: "updated a channel",
  channel_delete: "deleted a channel",
  overwrite_update: "changed channel permissions",
  overwrite_delete: "removed channel permissions",
  role_create: "created a role",
  role_update: "updated a role",
  role_delete: "deleted a role",
  member_update: "changed a nickname",
  member_timeout: "timed out a member",
  member_role_add: "gave a role",
  member_role_remove: "took a role",
  member_kick: "kicked a member",
  member_ban: "banned a member",
  member_unban: "unbanned a member",
  invite_create: "created an invite",
  invite_delete: "revoked an invite",
};

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Newest first, filtered by action, paged with `before`. */
export function AuditLog({ serverId }: { serverId: Snowflake }) {
  const members = useStore((state) => state.members[serverId]);
  const roles = useStore((state) => state.roles[serverId]);
  const channels = useStore((state) => state.channels);
  const [action, setAction] = useState("");
  const [entries, setEntries] = useState<AuditLogEntry[]>([]);
  const [more, setMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (before?: Snowflake) => {
    setLoading(true);
    try {
      const page = await api.auditLog(serverId, { action, before, limit: pageSize });
      setEntries((list) => (before ? [...list, ...page] : page));
      setMore(page.length === pageSize);
    } catch (caught) {
      setError(asApiError(caught).message);
    } finally {
      setLoading(false);
    }
  }, [serverId, action]);

  useEffect(() => void load(), [load]);

  const who = (id: Snowflake) => {
    if (id === "0") return "The instance operator";
    const member = members?.[id];
    return member ? displayName(member.user, member) : `User ${id}`;
  };
  const what = (id: Snowflake | null) => {
    if (!id) return "";
    if (channels[id]) return `#${channels[id]!.name}`;
    if (roles?.[id]) return `@${roles[id]!.name}`;
    const member = members?.[id];
    return member ? displayName(member.user, member) : id;
  };

  return (
    <div className="settings-section">
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <select id="audit-action" value={action} onChange={(e) => setAction(e.target.value)}>
          <option value="">All actions</option>
          {Object.entries(auditActions).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
        </select>
      </div>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {!loading && entries.length === 0 ? <p className="muted">Nothing recorded yet.</p> : null}
      <ol className="plain-list audit-log" aria-label="Audit log entries" aria-busy={loading}>
        {entries.map((entry) => (
          <li key={entry.id} className="audit-entry">
            <p>
              <strong>{who(entry.actorId)}</strong> {auditActions[entry.action] ?? entry.action} <strong>{what(entry.targetId)}</strong>
              <span className="muted small"> · {dateTime.format(new Date(entry.createdAt))}</span>
            </p>
            {entry.changes.length > 0 ? (
              <ul className="audit-changes">
                {entry.changes.map((change) => (
                  <li key={change.key} className="small"><code>{change.key}</code>: {show(change.old)} → {show(change.new)}</li>
                ))}
              </ul>
            ) : null}
            {entry.reason ? <p className="muted small">Reason: {entry.reason}</p> : null}
          </li>
        ))}
      </ol>
      {more ? <button className="secondary" disabled={loading} onClick={() => void load(entries[entries.length - 1]?.id)}>Load older entries</button> : null}
    </div>
  );
}
