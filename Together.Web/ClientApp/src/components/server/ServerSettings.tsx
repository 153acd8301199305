import { type FormEvent, useEffect, useRef, useState } from "react";
import { X } from "lucide-react";
import { api } from "../../api/endpoints";
import { ApiError } from "../../api/problem";
import type { Server, Snowflake } from "../../api/types";
import { navigate } from "../../app/router";
import { P } from "../../permissions/permissions";
import { usePermissions } from "../../permissions/usePermissions";
import { withoutServer } from "../../store/reduce";
import { useStore } from "../../store/store";
import { Field } from "../Field";
import { AuditLog } from "./AuditLog";
import { ChannelsEditor } from "./ChannelsEditor";
import { Bans, Invites } from "./InvitesAndBans";
import { RolesEditor } from "./RolesEditor";

export type ServerSettingsTab = "overview" | "roles" | "channels" | "invites" | "bans" | "audit";

const tabs: { tab: ServerSettingsTab; label: string; needs: bigint[] }[] = [
  { tab: "overview", label: "Overview", needs: [P.ManageServer] },
  { tab: "roles", label: "Roles", needs: [P.ManageRoles] },
  { tab: "channels", label: "Channels", needs: [P.ManageChannels, P.ManageRoles] },
  { tab: "invites", label: "Invites", needs: [P.ManageServer] },
  { tab: "bans", label: "Bans", needs: [P.BanMembers] },
  { tab: "audit", label: "Audit log", needs: [P.ViewAuditLog] },
];

/** The tabs a member may open: each needs one of its permissions. */
export function visibleTabs(can: (bit: bigint) => boolean) {
  return tabs.filter((entry) => entry.needs.some(can));
}

export function asApiError(caught: unknown): ApiError {
  return caught instanceof ApiError ? caught : new ApiError(0, { detail: String(caught) });
}

interface Props {
  serverId: Snowflake;
  tab?: ServerSettingsTab;
  channelId?: Snowflake;
  onClose: () => void;
}

/** Server settings, loaded on demand: a modal over the shell with one tab per thing the member may manage. */
export default function ServerSettings({ serverId, tab, channelId, onClose }: Props) {
  const server = useStore((state) => state.servers[serverId]);
  const { can } = usePermissions(serverId);
  const available = visibleTabs(can);
  const [current, setCurrent] = useState<ServerSettingsTab>(tab ?? available[0]?.tab ?? "overview");
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    return () => dialog.close();
  }, []);
  // Losing the server (kicked, deleted) or the permission closes what can no longer be used.
  useEffect(() => {
    if (!server) onClose();
  }, [server, onClose]);
  const shown = available.find((entry) => entry.tab === current) ?? available[0];
  if (!server) return null;

  return (
    <dialog ref={ref} className="dialog server-settings" aria-label="Server settings" onCancel={(event) => { event.preventDefault(); onClose(); }}>
      <nav className="settings-nav" aria-label="Server settings sections">
        <h2 className="settings-nav-title">{server.name}</h2>
        {available.map((entry) => (
          <button key={entry.tab} className={entry.tab === shown?.tab ? "nav-item active" : "nav-item"} aria-current={entry.tab === shown?.tab ? "page" : undefined}
            onClick={() => setCurrent(entry.tab)}>
            {entry.label}
          </button>
        ))}
      </nav>
      <section className="settings-content" aria-label={shown?.label}>
        <header className="settings-header">
          <h1>{shown?.label ?? "Server settings"}</h1>
          <button className="icon" aria-label="Close server settings" onClick={onClose}>
            <X size={22} />
          </button>
        </header>
        {shown?.tab === "overview" ? <Overview serverId={serverId} onDeleted={onClose} /> : null}
        {shown?.tab === "roles" ? <RolesEditor serverId={serverId} /> : null}
        {shown?.tab === "channels" ? <ChannelsEditor serverId={serverId} initialChannelId={channelId} /> : null}
        {shown?.tab === "invites" ? <Invites serverId={serverId} /> : null}
        {shown?.tab === "bans" ? <Bans serverId={serverId} /> : null}
        {shown?.tab === "audit" ? <AuditLog serverId={serverId} /> : null}
        {!shown ? <p className="muted">You have no permission to manage this server.</p> : null}
      </section>
    </dialog>
  );
}

function Overview({ serverId, onDeleted }: { serverId: Snowflake; onDeleted: () => void }) {
  const server = useStore((state) => state.servers[serverId])!;
  const me = useStore((state) => state.me);
  const [name, setName] = useState(server.name);
  const [description, setDescription] = useState(server.description ?? "");
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const apply = (updated: Server) =>
    useStore.setState((state) => ({ servers: { ...state.servers, [serverId]: { ...state.servers[serverId], ...updated } } }));

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      apply(await api.updateServer(serverId, { name: name.trim(), description }));
      setSaved(true);
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  async function upload(file: File | undefined) {
    if (!file) return;
    setError(null);
    try {
      apply(await api.setServerIcon(serverId, file));
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  async function removeIcon() {
    try {
      apply(await api.removeServerIcon(serverId));
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  async function deleteServer() {
    try {
      await api.deleteServer(serverId);
      useStore.setState((state) => withoutServer(state, serverId));
      onDeleted();
      navigate("/channels/@me");
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  return (
    <div className="settings-section">
      <div className="icon-editor">
        {server.icon ? <img className="server-icon-preview" src={`/api/icons/${server.icon}`} alt="Server icon" width={80} height={80} />
          : <span className="server-icon-preview initials" aria-hidden="true">{server.name.slice(0, 2)}</span>}
        <label className="secondary file-button">
          Upload icon
          <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" onChange={(event) => void upload(event.target.files?.[0])} />
        </label>
        {server.icon ? <button className="secondary" onClick={() => void removeIcon()}>Remove icon</button> : null}
      </div>
      <p className="muted small">PNG, JPEG, GIF or WebP, at most 1 MiB.</p>
      <form onSubmit={save} noValidate className="stack">
        <Field label="Server name" value={name} onChange={(e) => setName(e.target.value)} error={error?.field("name")} maxLength={100} required />
        <div className="field">
          <label htmlFor="server-description">Description</label>
          <textarea id="server-description" value={description} maxLength={1000} rows={3} onChange={(e) => setDescription(e.target.value)} />
          {error?.field("description") ? <p className="field-error" role="alert">{error.field("description")}</p> : null}
        </div>
        {error?.general ? <p className="form-error" role="alert">{error.general}</p> : null}
        <div className="row">
          <button className="primary" type="submit" disabled={name.trim().length < 2}>Save changes</button>
          {saved ? <span className="muted small" role="status">Saved.</span> : null}
        </div>
      </form>
      {me?.id === server.ownerId ? (
        <div className="danger-zone">
          <h2>Delete server</h2>
          <p className="muted">Channels, messages, roles and invites go with it. This cannot be undone.</p>
          {confirmDelete ? (
            <div className="row">
              <button className="danger" onClick={() => void deleteServer()}>Delete {server.name} for good</button>
              <button className="secondary" onClick={() => setConfirmDelete(false)}>Cancel</button>
            </div>
          ) : <button className="danger" onClick={() => setConfirmDelete(true)}>Delete server</button>}
        </div>
      ) : null}
    </div>
  );
}
