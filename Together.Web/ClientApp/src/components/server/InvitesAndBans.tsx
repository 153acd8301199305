import { useEffect, useState } from "react";
import { api } from "../../api/endpoints";
import type { Ban, Invite, Snowflake } from "../../api/types";
import { displayName } from "../../store/model";
import { useStore } from "../../store/store";
import { asApiError } from "./ServerSettings";

export const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Every invite of the server, newest first, expired and used-up ones too, each revocable. */
export function Invites({ serverId }: { serverId: Snowflake }) {
  const channels = useStore((state) => state.channels);
  const [invites, setInvites] = useState<Invite[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.serverInvites(serverId).then(setInvites, (caught) => setError(asApiError(caught).message));
  }, [serverId]);

  async function revoke(code: string) {
    try {
      await api.revokeInvite(code);
      setInvites((list) => list?.filter((invite) => invite.code !== code) ?? null);
    } catch (caught) {
      setError(asApiError(caught).message);
    }
  }

  const now = Date.now();
  return (
    <div className="settings-section">
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {invites?.length === 0 ? <p className="muted">No invites yet.</p> : null}
      <table className="data-table" aria-label="Invites" aria-busy={invites === null}>
        <thead><tr><th>Code</th><th>Channel</th><th>Created by</th><th>Uses</th><th>Expires</th><th /></tr></thead>
        <tbody>
          {invites?.map((invite) => {
            const expired = !!invite.expiresAt && new Date(invite.expiresAt).getTime() < now;
            const channelId = invite.channelId ?? invite.channel?.id;
            return (
              <tr key={invite.code} className={expired ? "muted" : undefined}>
                <td><code>{invite.code}</code></td>
                <td>#{channelId ? channels[channelId]?.name ?? "unknown" : "unknown"}</td>
                <td>{invite.inviter ? displayName(invite.inviter) : "—"}</td>
                <td>{invite.uses ?? 0}{invite.maxUses ? ` / ${invite.maxUses}` : ""}</td>
                <td>{invite.expiresAt ? (expired ? "expired" : dateTime.format(new Date(invite.expiresAt))) : "never"}</td>
                <td><button className="secondary" aria-label={`Revoke invite ${invite.code}`} onClick={() => void revoke(invite.code)}>Revoke</button></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Banned users with the reason, each unbannable. */
export function Bans({ serverId }: { serverId: Snowflake }) {
  const [bans, setBans] = useState<Ban[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.bans(serverId).then(setBans, (caught) => setError(asApiError(caught).message));
  }, [serverId]);

  async function unban(userId: Snowflake) {
    try {
      await api.unban(serverId, userId);
      setBans((list) => list?.filter((ban) => ban.user.id !== userId) ?? null);
    } catch (caught) {
      setError(asApiError(caught).message);
    }
  }

  return (
    <div className="settings-section">
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {bans?.length === 0 ? <p className="muted">Nobody is banned.</p> : null}
      <ul className="plain-list" aria-label="Bans" aria-busy={bans === null}>
        {bans?.map((ban) => (
          <li key={ban.user.id} className="list-row">
            <div>
              <strong>{displayName(ban.user)}</strong> <span className="muted small">{ban.user.username}</span>
              <p className="muted small">{ban.reason ? `“${ban.reason}” · ` : ""}{dateTime.format(new Date(ban.createdAt))}</p>
            </div>
            <button className="secondary" aria-label={`Unban ${displayName(ban.user)}`} onClick={() => void unban(ban.user.id)}>Unban</button>
          </li>
        ))}
      </ul>
    </div>
  );
}
