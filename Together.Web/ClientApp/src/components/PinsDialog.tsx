import { useEffect, useState } from "react";
import { api } from "../api/endpoints";
import type { Message, Snowflake } from "../api/types";
import { Markdown } from "../markdown/render";
import { displayName } from "../store/model";
import { useStore } from "../store/store";
import { Dialog } from "./Dialog";

/** The channel's pinned messages, most recently pinned first, with a way to unpin. */
export function PinsDialog({ channelId, serverId, onClose }: { channelId: Snowflake; serverId: Snowflake | null; onClose: () => void }) {
  const [pins, setPins] = useState<Message[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const members = useStore((state) => (serverId ? state.members[serverId] : undefined));

  useEffect(() => {
    api.pins(channelId).then(setPins, (caught: unknown) => setError((caught as Error).message));
  }, [channelId]);

  async function unpin(message: Message) {
    await useStore.getState().setPinned(channelId, message.id, false);
    setPins((current) => current?.filter((pin) => pin.id !== message.id) ?? null);
  }

  return (
    <Dialog title="Pinned messages" onClose={onClose}>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {pins === null && !error ? <p className="muted">Loading…</p> : null}
      {pins?.length === 0 ? <p className="muted">This channel has no pinned messages yet.</p> : null}
      <ul className="pins">
        {pins?.map((pin) => (
          <li key={pin.id} className="pin">
            <strong>{displayName(pin.author, members?.[pin.author.id])}</strong>
            <Markdown content={pin.content} />
            <button className="link" onClick={() => void unpin(pin)}>Unpin</button>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
