import { type FormEvent, useState } from "react";
import type { CustomStatus, PresenceStatus } from "../api/types";
import { gatewayCall } from "../gateway/gateway";
import { customStatusLine } from "../store/model";
import { useStore } from "../store/store";
import { Dialog } from "./Dialog";
import { Field } from "./Field";

export const statuses: { value: PresenceStatus; label: string }[] = [
  { value: "online", label: "Online" },
  { value: "idle", label: "Idle" },
  { value: "dnd", label: "Do not disturb" },
  { value: "invisible", label: "Invisible" },
];

const customTextLimit = 128;

/**
 * Sets the signed-in user's presence through the hub's UpdatePresence. The server tells the user's other
 * connections, not this one, so the store is updated here; a refusal puts the previous presence back.
 */
async function updatePresence(status: PresenceStatus, customStatus: CustomStatus | null): Promise<void> {
  const me = useStore.getState().me;
  if (!me) return;
  const previous = useStore.getState().presences[me.id];
  useStore.setState((state) => ({ presences: { ...state.presences, [me.id]: { status, customStatus } } }));
  try {
    await gatewayCall("UpdatePresence", status, customStatus);
  } catch (caught) {
    useStore.setState((state) => ({ presences: { ...state.presences, [me.id]: previous ?? { status: "online" } } }));
    throw caught;
  }
}

/** What a hub refusal says, without SignalR's prefix: "rate_limited: …" reads as a sentence. */
function refusal(caught: unknown): string {
  const message = caught instanceof Error ? caught.message : String(caught);
  if (message.includes("rate_limited")) return "You changed your status too often. Wait a minute and try again.";
  if (message.includes("validation_failed")) return "That status is not valid: one emoji and at most 128 characters.";
  return message;
}

export function StatusMenu({ onClose }: { onClose: () => void }) {
  const me = useStore((state) => state.me);
  const presence = useStore((state) => (state.me ? state.presences[state.me.id] : undefined));
  const [editing, setEditing] = useState(false);
  const status = presence?.status ?? "online";
  const custom = presence?.customStatus ?? null;
  if (!me) return null;

  function choose(value: PresenceStatus) {
    onClose();
    updatePresence(value, custom).catch((caught: unknown) => window.alert(refusal(caught)));
  }

  if (editing) return <CustomStatusDialog status={status} current={custom} onClose={onClose} />;
  return (
    <ul className="menu status-menu" role="menu" aria-label="Status">
      {statuses.map((option) => (
        <li key={option.value} role="none">
          <button role="menuitemradio" aria-checked={option.value === status} onClick={() => choose(option.value)}>
            <span className={`dot ${option.value}`} aria-hidden="true" /> {option.label}
          </button>
        </li>
      ))}
      <li role="separator" />
      <li role="none">
        <button role="menuitem" onClick={() => setEditing(true)}>{custom ? "Edit custom status" : "Set a custom status"}</button>
      </li>
      {custom ? (
        <li role="none">
          <button role="menuitem" onClick={() => { onClose(); updatePresence(status, null).catch((caught: unknown) => window.alert(refusal(caught))); }}>
            Clear custom status
          </button>
        </li>
      ) : null}
    </ul>
  );
}

function CustomStatusDialog({ status, current, onClose }: { status: PresenceStatus; current: CustomStatus | null; onClose: () => void }) {
  const [emoji, setEmoji] = useState(current?.emoji ?? "");
  const [text, setText] = useState(current?.text ?? "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next: CustomStatus | null = emoji.trim() || text.trim() ? { emoji: emoji.trim() || null, text: text.trim() || null } : null;

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      await updatePresence(status, next);
      onClose();
    } catch (caught) {
      setError(refusal(caught));
      setBusy(false);
    }
  }

  return (
    <Dialog title="Set a custom status" onClose={onClose} onSubmit={save}
      footer={<button className="primary" type="submit" disabled={busy}>{next ? "Save" : "Clear status"}</button>}>
      <p className="muted">Shown under your name in member lists{next ? `: ${customStatusLine(next)}` : "."}</p>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <Field label="Status emoji" value={emoji} onChange={(e) => setEmoji(e.target.value)} placeholder="🎧" maxLength={16} />
      <Field label="What's happening?" value={text} onChange={(e) => setText(e.target.value)} autoFocus maxLength={customTextLimit}
        hint={`${text.length}/${customTextLimit}`} />
    </Dialog>
  );
}
