import { type KeyboardEvent, lazy, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { Send, Smile, X } from "lucide-react";
import type { Channel, Snowflake } from "../api/types";
import { gatewayInvoke } from "../gateway/gateway";
import { type Emoji, loadEmoji, replaceShortcodes, searchEmoji } from "../emoji/search";
import { applyCompletion, completionAt, type CompletionQuery, encodeMentions } from "../markdown/mentions";
import { displayName, privateChannelName, recipientsAsMembers } from "../store/model";
import { useStore } from "../store/store";
import { useUi } from "../store/ui";

// The picker and the emoji set load on demand, keeping them out of the first load.
const EmojiPicker = lazy(() => import("../emoji/EmojiPicker"));

const typingEveryMs = 8000;
const maxSuggestions = 8;

interface Suggestion {
  key: string;
  label: string;
  detail?: string;
  insert: string;
}

/**
 * Multiline composer: Enter sends, Shift+Enter adds a line, `@`, `#` and `:` autocomplete members, roles,
 * channels and emoji (Tab or Enter picks); the emoji button opens the picker. The draft is kept per channel
 * across switches and reloads.
 */
export function Composer({ channel, serverId }: { channel: Channel; serverId: Snowflake | null }) {
  const draft = useUi((state) => state.drafts[channel.id] ?? "");
  const setDraft = useUi((state) => state.setDraft);
  const serverMembers = useStore((state) => (serverId ? state.members[serverId] : undefined));
  // In a DM, its participants are the people to mention; there are no roles or channels.
  const members = useMemo(() => serverMembers ?? recipientsAsMembers(channel), [serverMembers, channel]);
  const roles = useStore((state) => (serverId ? state.roles[serverId] : undefined));
  const channels = useStore((state) => state.channels);
  const input = useRef<HTMLTextAreaElement>(null);
  const lastTyping = useRef(0);
  const [query, setQuery] = useState<CompletionQuery | null>(null);
  const [selected, setSelected] = useState(0);
  const replying = useStore((state) => state.replying[channel.id]);
  const [emoji, setEmoji] = useState<{ list: Emoji[]; byCode: Map<string, string> } | null>(null);
  const [picker, setPicker] = useState(false);
  const closePicker = useCallback(() => setPicker(false), []);

  useEffect(() => {
    if (query?.trigger === ":" && !emoji) loadEmoji().then(setEmoji, () => undefined);
  }, [query, emoji]);

  useEffect(() => {
    input.current?.focus();
  }, [channel.id, replying]);

  // A completion or a picked emoji puts the caret after what it inserted, before the next key arrives (a frame
  // later, fast typing would land in front of it).
  const caretAfter = useRef<number | null>(null);
  useLayoutEffect(() => {
    const element = input.current;
    if (!element || caretAfter.current === null) return;
    element.focus();
    element.setSelectionRange(caretAfter.current, caretAfter.current);
    caretAfter.current = null;
  }, [draft]);

  // Grow with the text up to a limit, then scroll.
  useEffect(() => {
    const element = input.current;
    if (!element) return;
    element.style.height = "auto";
    element.style.height = `${Math.min(element.scrollHeight, 240)}px`;
  }, [draft]);

  const suggestions = useMemo<Suggestion[]>(() => {
    if (!query) return [];
    const q = query.query.toLowerCase();
    if (query.trigger === "@") {
      const people = Object.values(members ?? {})
        .filter((m) => m.user.username.toLowerCase().startsWith(q) || displayName(m.user, m).toLowerCase().startsWith(q))
        .map((m) => ({ key: `u${m.user.id}`, label: displayName(m.user, m), detail: m.user.username, insert: `@${m.user.username}` }));
      const groups = Object.values(roles ?? {})
        .filter((role) => role.id !== serverId && role.mentionable && role.name.toLowerCase().startsWith(q))
        .map((role) => ({ key: `r${role.id}`, label: `@${role.name}`, detail: "role", insert: `@${role.name}` }));
      const everyone = ["everyone", "here"].filter((word) => word.startsWith(q)).map((word) => ({ key: word, label: `@${word}`, insert: `@${word}` }));
      return [...people, ...groups, ...everyone].slice(0, maxSuggestions);
    }
    if (query.trigger === "#") {
      return Object.values(channels)
        .filter((c) => !!serverId && c.serverId === serverId && c.type === "text" && (c.name ?? "").toLowerCase().startsWith(q))
        .map((c) => ({ key: c.id, label: `#${c.name}`, insert: `#${c.name}` }))
        .slice(0, maxSuggestions);
    }
    if (query.trigger === ":" && emoji) {
      return searchEmoji(emoji.list, q, maxSuggestions).map((entry) => ({ key: entry.emoji, label: `${entry.emoji} :${entry.shortcodes[0]}:`, insert: entry.emoji }));
    }
    return [];
  }, [query, members, roles, channels, serverId, emoji]);

  function update(text: string, caret: number) {
    setDraft(channel.id, text);
    setQuery(completionAt(text, caret));
    setSelected(0);
    const now = Date.now();
    if (text && now - lastTyping.current > typingEveryMs) {
      lastTyping.current = now;
      void gatewayInvoke("StartTyping", channel.id);
    }
  }

  function pick(suggestion: Suggestion) {
    const next = applyCompletion(draft, query!, suggestion.insert);
    caretAfter.current = next.caret;
    setDraft(channel.id, next.text);
    setQuery(null);
  }

  /** Puts an emoji from the picker at the caret. */
  function insertEmoji(value: string) {
    const element = input.current;
    const start = element?.selectionStart ?? draft.length;
    const end = element?.selectionEnd ?? draft.length;
    const next = draft.slice(0, start) + value + draft.slice(end);
    caretAfter.current = start + value.length;
    setDraft(channel.id, next);
    setPicker(false);
  }

  function send() {
    const typed = draft.trim();
    if (!typed) return;
    const text = emoji ? replaceShortcodes(typed, emoji.byCode) : typed;
    const content = encodeMentions(
      text,
      Object.values(members ?? {}).map((m) => ({ id: m.user.id, name: m.user.username })),
      Object.values(roles ?? {}).filter((role) => role.id !== serverId).map((role) => ({ id: role.id, name: role.name })),
      Object.values(channels).filter((c) => !!serverId && c.serverId === serverId && c.name).map((c) => ({ id: c.id, name: c.name! })),
    );
    setDraft(channel.id, "");
    setQuery(null);
    lastTyping.current = 0;
    void useStore.getState().sendMessage(channel.id, content, replying);
  }

  /** Up on an empty composer edits the newest message you sent here. */
  function editLast(): boolean {
    const me = useStore.getState().me;
    const list = useStore.getState().messages[channel.id];
    if (!me || !list) return false;
    const last = [...list.ids].reverse().find((id) => list.byId[id]?.author.id === me.id && list.byId[id]?.state === undefined);
    if (!last) return false;
    useStore.getState().setEditing(channel.id, last);
    return true;
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (suggestions.length > 0) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        setSelected((selected + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === "Tab" || (event.key === "Enter" && !event.shiftKey)) {
        event.preventDefault();
        pick(suggestions[selected]!);
        return;
      }
      if (event.key === "Escape") {
        event.preventDefault();
        setQuery(null);
        return;
      }
    }
    if (event.key === "ArrowUp" && draft === "" && editLast()) {
      event.preventDefault();
      return;
    }
    if (event.key === "Escape" && replying) {
      event.preventDefault();
      useStore.getState().setReplying(channel.id, undefined);
      return;
    }
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  }

  const listId = `suggestions-${channel.id}`;
  const me = useStore.getState().me;
  const label = serverId ? `#${channel.name}` : `@${privateChannelName(channel, me?.id)}`;
  return (
    <form className="composer" onSubmit={(event) => { event.preventDefault(); send(); }}>
      {suggestions.length > 0 ? (
        <ul className="suggestions" id={listId} role="listbox" aria-label="Suggestions">
          {suggestions.map((suggestion, index) => (
            <li key={suggestion.key} id={`${listId}-${index}`} role="option" aria-selected={index === selected}
              onMouseDown={(event) => { event.preventDefault(); pick(suggestion); }}>
              <span>{suggestion.label}</span>
              {suggestion.detail ? <span className="muted">{suggestion.detail}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {replying ? (
        <div className="replying" role="status">
          <span>Replying to <strong>{displayName(replying.author, members?.[replying.author.id])}</strong></span>
          <button type="button" className="icon small" aria-label="Cancel reply" onClick={() => useStore.getState().setReplying(channel.id, undefined)}>
            <X size={14} />
          </button>
        </div>
      ) : null}
      {picker ? (
        <Suspense fallback={null}>
          <EmojiPicker onPick={insertEmoji} onClose={closePicker} />
        </Suspense>
      ) : null}
      <div className="composer-box">
        <textarea
          ref={input}
          rows={1}
          value={draft}
          placeholder={`Message ${label}`}
          aria-label={`Message ${label}`}
          aria-autocomplete="list"
          aria-controls={suggestions.length > 0 ? listId : undefined}
          aria-activedescendant={suggestions.length > 0 ? `${listId}-${selected}` : undefined}
          onChange={(event) => update(event.target.value, event.target.selectionStart)}
          onKeyDown={onKeyDown}
          onSelect={(event) => setQuery(completionAt(event.currentTarget.value, event.currentTarget.selectionStart))}
        />
        <button type="button" className="icon" aria-label="Emoji" aria-expanded={picker} onClick={() => setPicker(!picker)}>
          <Smile size={20} />
        </button>
        <button type="submit" className="icon send" aria-label="Send message" disabled={!draft.trim()}>
          <Send size={18} />
        </button>
      </div>
    </form>
  );
}
