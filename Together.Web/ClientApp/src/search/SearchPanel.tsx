import { useEffect, useState } from "react";
import { Hash, X } from "lucide-react";
import { api } from "../api/endpoints";
import { ApiError } from "../api/problem";
import type { SearchResults, Snowflake } from "../api/types";
import { navigate } from "../app/router";
import { displayName } from "../store/model";
import { useStore } from "../store/store";
import { useUi } from "../store/ui";
import { highlightParts, parseSearch } from "./query";

const pageSize = 25;
const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Search results for a server, newest first, in the right-hand column; each jumps to the message in its channel. */
export function SearchPanel({ serverId, text }: { serverId: Snowflake; text: string }) {
  const members = useStore((state) => state.members[serverId]);
  const channels = useStore((state) => state.channels);
  const [page, setPage] = useState(0);
  const [results, setResults] = useState<SearchResults | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setPage(0), [text]);

  useEffect(() => {
    let live = true;
    const params = parseSearch(text, Object.values(members ?? {}), Object.values(channels).filter((c) => c.serverId === serverId));
    setResults(null);
    setError(null);
    api.search(serverId, { ...params, limit: pageSize, offset: page * pageSize }).then(
      (found) => live && setResults(found),
      (caught) => live && setError(caught instanceof ApiError ? caught.message : String(caught)),
    );
    return () => {
      live = false;
    };
    // Members and channels only name filters; a search runs again when its text or page changes.
  }, [serverId, text, page]);

  function jump(channelId: Snowflake, messageId: Snowflake) {
    useUi.getState().setJumpTo({ channelId, messageId });
    navigate(`/channels/${serverId}/${channelId}`);
  }

  const total = results ? (results.totalResults >= 10_000 ? "10,000+" : String(results.totalResults)) : "";
  return (
    <aside className="members search-panel" aria-label="Search results">
      <header className="search-header">
        <h2 className="member-group">{results ? `${total} ${results.totalResults === 1 ? "result" : "results"}` : "Searching…"}</h2>
        <button className="icon small" aria-label="Close search" onClick={() => useUi.getState().setSearch(null)}><X size={16} /></button>
      </header>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <p className="muted small">Filters: from:name in:channel has:file mentions:me</p>
      <ol className="plain-list" aria-busy={results === null}>
        {results?.results.map(({ message, highlights }) => {
          const member = members?.[message.author.id];
          return (
            <li key={message.id} className="search-result">
              <p className="search-meta muted small">
                <Hash size={12} aria-hidden="true" />{channels[message.channelId]?.name ?? "channel"} · {when.format(new Date(message.createdAt))}
              </p>
              <p className="search-author">{displayName(message.author, member)}</p>
              <p className="search-content">
                {highlightParts(message.content, highlights).map((part, index) => (part.mark ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>))}
              </p>
              <button className="secondary small-button" onClick={() => jump(message.channelId, message.id)}>Jump</button>
            </li>
          );
        })}
      </ol>
      {results && (page > 0 || (page + 1) * pageSize < results.totalResults) ? (
        <div className="row">
          <button className="secondary" disabled={page === 0} onClick={() => setPage(page - 1)}>Newer</button>
          <button className="secondary" disabled={(page + 1) * pageSize >= results.totalResults} onClick={() => setPage(page + 1)}>Older</button>
        </div>
      ) : null}
    </aside>
  );
}
