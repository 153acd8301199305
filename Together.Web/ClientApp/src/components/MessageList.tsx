import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDown } from "lucide-react";
import { ApiError } from "../api/problem";
import type { Snowflake } from "../api/types";
import { mentionsMe } from "../markdown/mentions";
import { Markdown } from "../markdown/render";
import { P } from "../permissions/permissions";
import { usePermissions } from "../permissions/usePermissions";
import { type ClientMessage, displayName, isPrivate, privateChannelName } from "../store/model";
import { isUnread, memberColor, messageRows } from "../store/selectors";
import { compareIds } from "../store/reduce";
import { useStore } from "../store/store";
import { useUi } from "../store/ui";
import { Avatar } from "./Avatar";
import { MessageEditor, MessageToolbar, Reactions } from "./MessageActions";

const nearTop = 400;
const nearBottom = 80;
const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "long" });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "short" });
const shortFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "short", timeStyle: "short" });

/** "Today at 09:00", "Yesterday at 18:30", else a short date and time (the full one is in the title). */
function headerTime(at: Date, now: Date = new Date()): string {
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (at.toDateString() === now.toDateString()) return `Today at ${timeFormat.format(at)}`;
  if (at.toDateString() === yesterday.toDateString()) return `Yesterday at ${timeFormat.format(at)}`;
  return shortFormat.format(at);
}

/**
 * The channel's history, virtualised (TanStack Virtual) so thousands of loaded messages scroll smoothly. It
 * follows new messages while at the bottom, loads older history near the top while keeping the message under
 * the reader where it was, and offers "jump to present" when scrolled up.
 */
export function MessageList({ channelId, serverId }: { channelId: Snowflake; serverId: Snowflake | null }) {
  const history = useStore((state) => state.messages[channelId]);
  // Where "NEW" goes: what was read when the channel opened (the list remounts per channel). Esc clears it.
  const [readUpTo, setReadUpTo] = useState<Snowflake | null>(() => {
    const readState = useStore.getState().readStates[channelId];
    return isUnread(readState) ? readState!.lastReadMessageId ?? "0" : null;
  });
  const rows = useMemo(() => messageRows(history ? history.ids.map((id) => history.byId[id]!) : [], readUpTo), [history, readUpTo]);
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const anchor = useRef<{ key: string; delta: number } | null>(null);
  const loadingOlder = useRef(false);
  const acked = useRef<Snowflake | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scrolledUp, setScrolledUp] = useState(false);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => (rows[index]?.kind === "day" ? 40 : rows[index]?.kind === "message" && rows[index].head ? 64 : 26),
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan: 12,
  });

  useEffect(() => {
    setError(null);
    useStore.getState().loadMessages(channelId).catch((caught: unknown) => setError(caught instanceof ApiError ? caught.message : String(caught)));
  }, [channelId]);

  useLayoutEffect(() => {
    const kept = anchor.current;
    if (kept) {
      anchor.current = null;
      const index = rows.findIndex((row) => row.key === kept.key);
      const start = index >= 0 ? virtualizer.measurementsCache[index]?.start : undefined;
      if (start !== undefined) virtualizer.scrollToOffset(start - kept.delta);
      return;
    }
    if (following.current && rows.length > 0) virtualizer.scrollToIndex(rows.length - 1, { align: "end" });
  }, [rows, virtualizer]);

  const ackSeen = useCallback(() => {
    if (!following.current || document.visibilityState !== "visible" || !history) return;
    const newest = [...history.ids].reverse().find((id) => history.byId[id]?.state === undefined);
    const readState = useStore.getState().readStates[channelId];
    const read = acked.current ?? readState?.lastReadMessageId;
    if (!newest || (read && compareIds(newest, read) <= 0)) return;
    acked.current = newest;
    useStore.getState().ack(channelId, newest).catch(() => { acked.current = null; });
  }, [channelId, history]);

  // What reaches the bottom of the list while the tab is visible has been seen.
  useEffect(() => {
    ackSeen();
    document.addEventListener("visibilitychange", ackSeen);
    return () => document.removeEventListener("visibilitychange", ackSeen);
  }, [ackSeen]);

  // Esc in the channel marks it read (UI.md), unless something open took the key (a dialog, a menu, the composer).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || event.defaultPrevented || document.querySelector("dialog[open]")) return;
      setReadUpTo(null);
      const list = useStore.getState().messages[channelId];
      const newest = list ? [...list.ids].reverse().find((id) => list.byId[id]?.state === undefined) : undefined;
      if (!newest || !isUnread(useStore.getState().readStates[channelId])) return;
      acked.current = newest;
      useStore.getState().ack(channelId, newest).catch(() => { acked.current = null; });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [channelId]);

  // A message picked in search: shown centred and flashed once loaded, paging back through history for it (at
  // most 20 pages) when it is older than what is loaded.
  const jumpTo = useUi((state) => state.jumpTo);
  const [flash, setFlash] = useState<Snowflake | null>(null);
  const jumpPages = useRef(0);
  useEffect(() => {
    if (!jumpTo || jumpTo.channelId !== channelId || !history?.loaded) return;
    const index = rows.findIndex((row) => row.kind === "message" && row.message.id === jumpTo.messageId);
    if (index >= 0) {
      following.current = false;
      setScrolledUp(true);
      virtualizer.scrollToIndex(index, { align: "center" });
      setFlash(jumpTo.messageId);
      jumpPages.current = 0;
      useUi.getState().setJumpTo(null);
    } else if (history.hasMore && jumpPages.current < 20) {
      jumpPages.current++;
      following.current = false;
      void useStore.getState().loadMessages(channelId, true).catch(() => useUi.getState().setJumpTo(null));
    } else {
      useUi.getState().setJumpTo(null);
    }
  }, [jumpTo, channelId, history, rows, virtualizer]);

  const loadOlder = useCallback(async () => {
    const element = scroller.current;
    if (!element || loadingOlder.current || !history?.hasMore || !history.loaded) return;
    const first = virtualizer.getVirtualItems().find((item) => item.end > element.scrollTop);
    if (first) anchor.current = { key: String(first.key), delta: first.start - element.scrollTop };
    loadingOlder.current = true;
    try {
      await useStore.getState().loadMessages(channelId, true);
    } catch {
      anchor.current = null;
    } finally {
      loadingOlder.current = false;
    }
  }, [channelId, history, virtualizer]);

  function onScroll() {
    const element = scroller.current!;
    const fromBottom = element.scrollHeight - element.scrollTop - element.clientHeight;
    following.current = fromBottom < nearBottom;
    setScrolledUp(!following.current);
    ackSeen();
    if (element.scrollTop < nearTop) void loadOlder();
  }

  function jumpToPresent() {
    following.current = true;
    setScrolledUp(false);
    virtualizer.scrollToIndex(rows.length - 1, { align: "end" });
  }

  return (
    <div className="message-area">
      <div ref={scroller} className="message-scroller" onScroll={onScroll} role="log" aria-label="Messages" aria-live="polite" tabIndex={0}>
        {history?.loaded && !history.hasMore ? <ChannelStart channelId={channelId} /> : null}
        {error ? <p className="form-error center" role="alert">Messages could not be loaded: {error}</p> : null}
        <div className="message-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index]!;
            return (
              <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} className="message-row" style={{ transform: `translateY(${item.start}px)` }}>
                {row.kind === "day" ? (
                  <div className="day-separator" role="separator">
                    <span>{dayFormat.format(row.date)}</span>
                  </div>
                ) : row.kind === "new" ? (
                  <div className="new-divider" role="separator" aria-label="New messages">
                    <span>NEW</span>
                  </div>
                ) : (
                  <MessageItem message={row.message} head={row.head} serverId={serverId} flash={row.message.id === flash} />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {scrolledUp ? (
        <button className="jump-present" onClick={jumpToPresent}>
          You're viewing older messages <span>Jump to present <ArrowDown size={14} aria-hidden="true" /></span>
        </button>
      ) : null}
    </div>
  );
}

function ChannelStart({ channelId }: { channelId: Snowflake }) {
  const channel = useStore((state) => state.channels[channelId]);
  const me = useStore((state) => state.me);
  if (channel && isPrivate(channel)) {
    const name = privateChannelName(channel, me?.id);
    return (
      <div className="channel-start">
        <h3>{name}</h3>
        <p className="muted">This is the beginning of your conversation with {name}.</p>
      </div>
    );
  }
  return (
    <div className="channel-start">
      <h3>Welcome to #{channel?.name}</h3>
      <p className="muted">This is the start of the #{channel?.name} channel.</p>
    </div>
  );
}

function formatSize(bytes: number): string {
  const units = ["B", "KB", "MB", "GB"];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

function MessageItem({ message, head, serverId, flash }: { message: ClientMessage; head: boolean; serverId: Snowflake | null; flash: boolean }) {
  const me = useStore((state) => state.me);
  const member = useStore((state) => (serverId ? state.members[serverId]?.[message.author.id] : undefined));
  const myRoles = useStore((state) => (me && serverId ? state.members[serverId]?.[me.id]?.roles : undefined));
  const roles = useStore((state) => (serverId ? state.roles[serverId] : undefined));
  const editing = useStore((state) => state.editing[message.channelId] === message.id);
  const channel = useStore((state) => state.channels[message.channelId]);
  // In a DM everyone pins and nobody deletes others' messages (docs/api.md "Direct messages").
  const manage = usePermissions(serverId, channel).can(P.ManageMessages);
  const pin = manage || !serverId;
  const at = new Date(message.createdAt);
  const mentioned = me ? mentionsMe(message.content, me.id, myRoles ?? []) : false;
  const classes = ["message", head || message.replyTo ? "head" : "compact", mentioned ? "mentioned" : "", message.state ?? "", flash ? "flash" : ""].filter(Boolean).join(" ");

  return (
    <article className={classes} tabIndex={-1} aria-label={`${displayName(message.author, member)}, ${fullFormat.format(at)}`}>
      {head || message.replyTo ? (
        <Avatar user={message.author} size={40} />
      ) : (
        <time className="hover-time" dateTime={message.createdAt} title={fullFormat.format(at)}>{timeFormat.format(at)}</time>
      )}
      <div className="message-body">
        {message.replyTo ? (
          <p className="reply-preview">
            ↱ {message.replyTo.author ? (
              <><strong>{displayName(message.replyTo.author)}</strong> {message.replyTo.content}</>
            ) : <em className="muted">Original message was deleted</em>}
          </p>
        ) : null}
        {head || message.replyTo ? (
          <header className="message-header">
            <span className="author" style={{ color: roles ? memberColor(member, roles) : undefined }}>{displayName(message.author, member)}</span>
            <time dateTime={message.createdAt} title={fullFormat.format(at)}>{headerTime(at)}</time>
          </header>
        ) : null}
        {editing ? (
          <MessageEditor message={message} />
        ) : (
          <div className="content">
            <Markdown content={message.content} />
            {message.editedAt ? <span className="edited" title={fullFormat.format(new Date(message.editedAt))}>(edited)</span> : null}
          </div>
        )}
        {message.attachments?.length ? (
          <div className="attachments">
            {message.attachments.map((attachment) =>
              attachment.contentType?.startsWith("image/") ? (
                <a key={attachment.id} href={attachment.url} target="_blank" rel="noopener noreferrer">
                  <img src={attachment.url} alt={attachment.filename} width={attachment.width ?? undefined} height={attachment.height ?? undefined} loading="lazy" />
                </a>
              ) : (
                <a key={attachment.id} className="file" href={attachment.url} download={attachment.filename}>
                  {attachment.filename} <span className="muted">{formatSize(attachment.size)}</span>
                </a>
              ),
            )}
          </div>
        ) : null}
        {message.reactions?.length ? <Reactions channelId={message.channelId} messageId={message.id} reactions={message.reactions} /> : null}
        {message.state === "failed" ? <FailedActions message={message} /> : null}
      </div>
      {message.state === undefined && !editing ? <MessageToolbar message={message} mine={message.author.id === me?.id} manage={manage} pin={pin} /> : null}
    </article>
  );
}

function FailedActions({ message }: { message: ClientMessage }) {
  const nonce = message.nonce ?? message.id;
  return (
    <p className="failed-actions" role="alert">
      Not sent.{" "}
      <button className="link" onClick={() => void useStore.getState().retryMessage(message.channelId, nonce)}>Retry</button>{" "}
      <button className="link" onClick={() => useStore.getState().discardMessage(message.channelId, nonce)}>Delete</button>
    </p>
  );
}
