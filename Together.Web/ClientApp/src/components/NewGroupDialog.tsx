import { type FormEvent, useEffect, useMemo, useState } from "react";
import { api } from "../api/endpoints";
import { ApiError } from "../api/problem";
import type { Channel, Snowflake } from "../api/types";
import { navigate } from "../app/router";
import { displayName, isPrivate } from "../store/model";
import { withMembers } from "../store/reduce";
import { groupCandidates } from "../store/selectors";
import { useStore } from "../store/store";
import { Avatar } from "./Avatar";
import { Dialog } from "./Dialog";
import { Field } from "./Field";

/** A group DM holds at most ten people, the caller included (docs/api.md, "Direct messages"). */
export const MaxGroupRecipients = 9;

/** "New group message": pick up to nine people and an optional name; opens the group DM it creates. */
export function NewGroupDialog({ onClose }: { onClose: () => void }) {
  const me = useStore((state) => state.me);
  const members = useStore((state) => state.members);
  const channels = useStore((state) => state.channels);
  const servers = useStore((state) => state.servers);
  const [query, setQuery] = useState("");
  const [picked, setPicked] = useState<Snowflake[]>([]);
  const [name, setName] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  // READY holds only the user's own member of each server, and member lists load as servers are opened: fetch
  // every server's members so everyone can be picked.
  useEffect(() => {
    for (const serverId of Object.keys(servers)) {
      void api.members(serverId)
        .then((list) => useStore.setState((state) => withMembers(state, serverId, list)))
        .catch(() => undefined);
    }
  }, [servers]);

  const candidates = useMemo(() => {
    const recipients = Object.values(channels).filter(isPrivate).flatMap((channel) => channel.recipients ?? []);
    return groupCandidates(members, recipients, me?.id);
  }, [members, channels, me?.id]);
  const needle = query.trim().toLowerCase();
  const shown = needle
    ? candidates.filter((user) => displayName(user).toLowerCase().includes(needle) || user.username.toLowerCase().includes(needle))
    : candidates;
  const full = picked.length >= MaxGroupRecipients;

  function toggle(userId: Snowflake) {
    setPicked((current) => (current.includes(userId) ? current.filter((id) => id !== userId) : full ? current : [...current, userId]));
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const channelId = await useStore.getState().openPrivateChannel(picked, picked.length > 1 ? name.trim() || undefined : undefined);
      onClose();
      navigate(`/channels/@me/${channelId}`);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, { detail: String(caught) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="New message" onClose={onClose} onSubmit={create}
      footer={<button className="primary" type="submit" disabled={busy || picked.length === 0}>
        {picked.length > 1 ? "Create group" : "Open"}
      </button>}>
      <p className="muted">Pick one person for a direct message, or up to {MaxGroupRecipients} for a group. {picked.length} selected.</p>
      {error?.general ? <p className="form-error" role="alert">{error.general}</p> : null}
      <Field label="Find people" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
      <ul className="pick-list" aria-label="People">
        {shown.map((user) => {
          const checked = picked.includes(user.id);
          return (
            <li key={user.id}>
              <label className="pick-row">
                <input type="checkbox" checked={checked} disabled={!checked && full} onChange={() => toggle(user.id)} />
                <Avatar user={user} size={24} />
                <span>{displayName(user)}</span>
              </label>
            </li>
          );
        })}
        {shown.length === 0 ? <li className="muted">Nobody to show: people you share a server or a DM with appear here.</li> : null}
      </ul>
      {picked.length > 1 ? (
        <Field label="Group name (optional)" value={name} onChange={(e) => setName(e.target.value)} error={error?.field("name")} maxLength={100} />
      ) : null}
    </Dialog>
  );
}

/** Renames a group DM (any participant may; an empty name falls back to the participants' names). */
export function RenameGroupDialog({ channel, onClose }: { channel: Channel; onClose: () => void }) {
  const [name, setName] = useState(channel.name ?? "");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function rename(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await api.updateChannel(channel.id, { name: name.trim() });
      onClose();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, { detail: String(caught) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Rename group" onClose={onClose} onSubmit={rename}
      footer={<button className="primary" type="submit" disabled={busy}>Save</button>}>
      {error?.general ? <p className="form-error" role="alert">{error.general}</p> : null}
      <Field label="Group name" value={name} onChange={(e) => setName(e.target.value)} error={error?.field("name")} autoFocus maxLength={100} />
      <p className="muted">Leave it empty to name the group by its people.</p>
    </Dialog>
  );
}
