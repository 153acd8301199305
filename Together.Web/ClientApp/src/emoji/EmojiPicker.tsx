import { useEffect, useMemo, useRef, useState } from "react";
import { type Emoji, groupNames, loadEmoji, searchEmoji } from "./search";

/**
 * The emoji picker, loaded on demand: a search field and the set by group. Esc or a click outside closes it;
 * the first match is picked with Enter.
 */
export default function EmojiPicker({ onPick, onClose, label = "Emoji picker" }: { onPick: (emoji: string) => void; onClose: () => void; label?: string }) {
  const [list, setList] = useState<Emoji[] | null>(null);
  const [query, setQuery] = useState("");
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let live = true;
    loadEmoji().then((data) => live && setList(data.list), () => undefined);
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    const away = (event: MouseEvent) => { if (!ref.current?.contains(event.target as Node)) onClose(); };
    document.addEventListener("mousedown", away);
    return () => document.removeEventListener("mousedown", away);
  }, [onClose]);

  const groups = useMemo(() => {
    if (!list) return [];
    if (query.trim()) return [{ title: "Results", entries: searchEmoji(list, query.trim(), 120) }];
    const byGroup = new Map<number, Emoji[]>();
    for (const entry of list) byGroup.set(entry.group, [...(byGroup.get(entry.group) ?? []), entry]);
    return [...byGroup.entries()].sort(([a], [b]) => a - b).map(([group, entries]) => ({ title: groupNames[group] ?? "Other", entries }));
  }, [list, query]);

  return (
    <div ref={ref} className="emoji-picker" role="dialog" aria-label={label}
      onKeyDown={(event) => { if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); onClose(); } }}>
      <input className="emoji-search" type="search" placeholder="Search emoji" aria-label="Search emoji" value={query} autoFocus
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          const first = groups[0]?.entries[0];
          if (event.key === "Enter" && first) {
            event.preventDefault();
            onPick(first.emoji);
          }
        }} />
      <div className="emoji-groups" aria-busy={list === null}>
        {groups.map((group) => (
          <section key={group.title} aria-label={group.title}>
            <h3 className="emoji-group-title">{group.title}</h3>
            <div className="emoji-grid">
              {group.entries.map((entry) => (
                <button key={entry.emoji} type="button" className="emoji-cell" title={`:${entry.shortcodes[0]}:`} aria-label={`:${entry.shortcodes[0]}:`}
                  onClick={() => onPick(entry.emoji)}>
                  {entry.emoji}
                </button>
              ))}
            </div>
          </section>
        ))}
        {list && groups[0]?.entries.length === 0 ? <p className="muted small">No emoji match “{query}”.</p> : null}
      </div>
    </div>
  );
}
