import { type FormEvent, useEffect, useState } from "react";
import { Check, Copy } from "lucide-react";
import { api } from "../api/endpoints";
import { ApiError } from "../api/problem";
import type { Server, Snowflake } from "../api/types";
import { navigate } from "../app/router";
import { withoutServer } from "../store/reduce";
import { defaultChannel } from "../store/selectors";
import { useStore } from "../store/store";
import { Dialog } from "./Dialog";
import { Field } from "./Field";

function asApiError(caught: unknown): ApiError {
  return caught instanceof ApiError ? caught : new ApiError(0, { detail: String(caught) });
}

function openServer(serverId: Snowflake) {
  const channel = defaultChannel(useStore.getState().channels, serverId);
  navigate(`/channels/${serverId}${channel ? `/${channel.id}` : ""}`);
}

/** "Create a server", with a way to join one by invite instead. */
export function CreateServerDialog({ onClose }: { onClose: () => void }) {
  const me = useStore((state) => state.me);
  const [name, setName] = useState(me ? `${me.displayName || me.username}'s server` : "");
  const [invite, setInvite] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const id = await useStore.getState().createServer(name.trim());
      onClose();
      openServer(id);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  }

  function join() {
    // Accept a whole link as well as a bare code.
    const code = invite.trim().replace(/^.*\/invite\//, "").replace(/[/?#].*$/, "");
    if (!code) return;
    onClose();
    navigate(`/invite/${encodeURIComponent(code)}`);
  }

  return (
    <Dialog title="Create a server" onClose={onClose} onSubmit={create}
      footer={<button className="primary" type="submit" disabled={busy || name.trim().length === 0}>Create</button>}>
      <p className="muted">A server is where your community talks: channels, roles and the people you invite.</p>
      {error?.general ? <p className="form-error" role="alert">{error.general}</p> : null}
      <Field label="Server name" value={name} onChange={(e) => setName(e.target.value)} error={error?.field("name")} autoFocus required maxLength={100} />
      <div className="divider-text">or join one</div>
      <div className="row">
        <Field label="Invite link or code" value={invite} onChange={(e) => setInvite(e.target.value)} placeholder="https://…/invite/AbCdEf1234" />
        <button type="button" className="secondary" onClick={join} disabled={!invite.trim()}>Join</button>
      </div>
    </Dialog>
  );
}

export function CreateChannelDialog({ serverId, parentId, onClose }: { serverId: Snowflake; parentId?: Snowflake | null; onClose: () => void }) {
  const [name, setName] = useState("");
  const [type, setType] = useState<"text" | "voice" | "category">("text");
  const [error, setError] = useState<ApiError | null>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    try {
      // Text channel names are lower-case with dashes, as people expect from Discord.
      const cleaned = type === "text" ? name.trim().toLowerCase().replace(/\s+/g, "-") : name.trim();
      const id = await useStore.getState().createChannel(serverId, cleaned, type, type === "category" ? null : parentId);
      onClose();
      if (type === "text") navigate(`/channels/${serverId}/${id}`);
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  return (
    <Dialog title="Create a channel" onClose={onClose} onSubmit={create}
      footer={<button className="primary" type="submit" disabled={!name.trim()}>Create channel</button>}>
      {error?.general ? <p className="form-error" role="alert">{error.general}</p> : null}
      <fieldset className="choices">
        <legend>Type</legend>
        {(["text", "voice", "category"] as const).map((option) => (
          <label key={option} className="choice">
            <input type="radio" name="type" value={option} checked={type === option} onChange={() => setType(option)} />
            {option === "text" ? "Text" : option === "voice" ? "Voice" : "Category"}
          </label>
        ))}
      </fieldset>
      <Field label="Name" value={name} onChange={(e) => setName(e.target.value)} error={error?.field("name")} autoFocus required maxLength={100}
        placeholder={type === "text" ? "new-channel" : type === "voice" ? "Lounge" : "Text channels"} />
    </Dialog>
  );
}

/** Creates an invite to a channel and shows its link to copy. */
export function InviteDialog({ channelId, onClose }: { channelId: Snowflake; onClose: () => void }) {
  const [code, setCode] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    api.createInvite(channelId, { maxAge: 7 * 24 * 3600 }).then((invite) => setCode(invite.code), (caught) => setError(asApiError(caught).message));
  }, [channelId]);

  const link = code ? `${window.location.origin}/invite/${code}` : "";
  async function copy() {
    await navigator.clipboard.writeText(link);
    setCopied(true);
  }

  return (
    <Dialog title="Invite people" onClose={onClose}>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <p className="muted">Send this link to people you want in this server. It expires in 7 days.</p>
      <div className="row">
        <input className="invite-link" readOnly value={link} aria-label="Invite link" placeholder="Creating a link…" onFocus={(e) => e.target.select()} />
        <button className="primary" onClick={copy} disabled={!code}>
          {copied ? <Check size={16} aria-hidden="true" /> : <Copy size={16} aria-hidden="true" />} {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </Dialog>
  );
}

/** Asks before leaving: the server's history stays, but getting back needs a new invite. */
export function LeaveServerDialog({ server, onClose }: { server: Server; onClose: () => void }) {
  const [error, setError] = useState<string | null>(null);
  async function leave(event: FormEvent) {
    event.preventDefault();
    try {
      await api.leaveServer(server.id);
      // SERVER_DELETE removes it from the rail too; leaving here keeps the page from showing a server gone.
      useStore.setState((state) => withoutServer(state, server.id));
      onClose();
      navigate("/channels/@me");
    } catch (caught) {
      setError(asApiError(caught).message);
    }
  }
  return (
    <Dialog title={`Leave ${server.name}`} onClose={onClose} onSubmit={leave}
      footer={<button className="danger" type="submit">Leave server</button>}>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <p>You will need a new invite to come back.</p>
    </Dialog>
  );
}

export { openServer };
