import { type KeyboardEvent, lazy, Suspense, useEffect, useRef, useState } from "react";
import { Pencil, Pin, PinOff, Plus, Reply, SmilePlus, Trash2 } from "lucide-react";
import type { Reaction, Snowflake } from "../api/types";
import type { ClientMessage } from "../store/model";
import { useStore } from "../store/store";

const EmojiPicker = lazy(() => import("../emoji/EmojiPicker"));

/** The emoji the quick picker offers; "More" opens the full picker. */
export const quickReactions = ["👍", "❤️", "😂", "🎉", "😮", "😢"] as const;

function report(action: Promise<unknown>) {
  // A refused action (no permission, message gone) changes nothing; the events keep the view true.
  action.catch(() => undefined);
}

/**
 * Hover toolbar of a confirmed message: react, reply, and for the author edit; pin and delete for those who may
 * (the author deletes their own; MANAGE_MESSAGES deletes any; `pin` is MANAGE_MESSAGES, or anyone in a DM).
 */
export function MessageToolbar({ message, mine, manage, pin }: { message: ClientMessage; mine: boolean; manage: boolean; pin: boolean }) {
  const [picking, setPicking] = useState(false);
  const [full, setFull] = useState(false);
  const store = useStore.getState;
  return (
    <div className={picking || full ? "message-toolbar open" : "message-toolbar"} role="toolbar" aria-label="Message actions">
      <button className="icon small" aria-label="Add reaction" aria-expanded={picking} onClick={() => setPicking(!picking)}><SmilePlus size={16} /></button>
      <button className="icon small" aria-label="Reply" onClick={() => store().setReplying(message.channelId, message)}><Reply size={16} /></button>
      {mine ? <button className="icon small" aria-label="Edit" onClick={() => store().setEditing(message.channelId, message.id)}><Pencil size={16} /></button> : null}
      {pin ? (
        <button className="icon small" aria-label={message.pinned ? "Unpin" : "Pin"} onClick={() => report(store().setPinned(message.channelId, message.id, !message.pinned))}>
          {message.pinned ? <PinOff size={16} /> : <Pin size={16} />}
        </button>
      ) : null}
      {mine || manage ? (
        <button className="icon small danger" aria-label="Delete" onClick={() => report(store().deleteMessage(message.channelId, message.id))}><Trash2 size={16} /></button>
      ) : null}
      {picking ? (
        <div className="quick-reactions" role="menu" aria-label="Reactions">
          {quickReactions.map((emoji) => (
            <button key={emoji} role="menuitem" aria-label={`React with ${emoji}`} onClick={() => { setPicking(false); report(store().toggleReaction(message.channelId, message.id, emoji)); }}>
              {emoji}
            </button>
          ))}
          <button role="menuitem" aria-label="More reactions" onClick={() => { setPicking(false); setFull(true); }}><Plus size={16} /></button>
        </div>
      ) : null}
      {full ? (
        <Suspense fallback={null}>
          <EmojiPicker label="Pick a reaction" onClose={() => setFull(false)}
            onPick={(emoji) => { setFull(false); report(store().toggleReaction(message.channelId, message.id, emoji)); }} />
        </Suspense>
      ) : null}
    </div>
  );
}

/** The reactions under a message; clicking one adds yours or takes it back. */
export function Reactions({ channelId, messageId, reactions }: { channelId: Snowflake; messageId: Snowflake; reactions: Reaction[] }) {
  return (
    <div className="reactions">
      {reactions.map((reaction) => (
        <button key={reaction.emoji} className={reaction.me ? "reaction mine" : "reaction"} aria-pressed={reaction.me}
          aria-label={`${reaction.emoji} ${reaction.count}`}
          onClick={() => report(useStore.getState().toggleReaction(channelId, messageId, reaction.emoji))}>
          {reaction.emoji} {reaction.count}
        </button>
      ))}
    </div>
  );
}

/** Edits a message in place: Enter saves, Esc cancels. */
export function MessageEditor({ message }: { message: ClientMessage }) {
  const [text, setText] = useState(message.content);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const element = input.current;
    element?.focus();
    element?.setSelectionRange(element.value.length, element.value.length);
  }, []);
  const stop = () => useStore.getState().setEditing(message.channelId, undefined);

  async function save() {
    const content = text.trim();
    if (content === message.content || !content) return stop();
    try {
      await useStore.getState().editMessage(message.channelId, message.id, content);
      stop();
    } catch (caught) {
      setError((caught as Error).message);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      stop();
    } else if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void save();
    }
  }

  return (
    <div className="message-editor">
      <textarea ref={input} aria-label="Edit message" value={text} onChange={(event) => setText(event.target.value)} onKeyDown={onKeyDown} />
      <p className="muted small">Escape to cancel · Enter to save</p>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
    </div>
  );
}
