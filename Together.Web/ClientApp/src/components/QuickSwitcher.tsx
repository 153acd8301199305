import { type KeyboardEvent, useState } from "react";
import { Hash, Server } from "lucide-react";
import { navigate } from "../app/router";
import { switcherItems } from "../store/navigation";
import { useStore } from "../store/store";
import { Dialog } from "./Dialog";

/** Ctrl/Cmd+K: type part of a server's or channel's name, pick with the arrows and Enter. */
export function QuickSwitcher({ onClose }: { onClose: () => void }) {
  const servers = useStore((state) => state.servers);
  const channels = useStore((state) => state.channels);
  const readStates = useStore((state) => state.readStates);
  const [query, setQuery] = useState("");
  const [selected, setSelected] = useState(0);
  const items = switcherItems(query, servers, channels, readStates);

  function go(index: number) {
    const item = items[index];
    if (!item) return;
    onClose();
    navigate(item.path);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      setSelected((current) => (items.length === 0 ? 0 : (current + step + items.length) % items.length));
    } else if (event.key === "Enter") {
      event.preventDefault();
      go(selected);
    }
  }

  return (
    <Dialog title="Quick switcher" onClose={onClose}>
      <input className="switcher-input" autoFocus placeholder="Where would you like to go?" aria-label="Where would you like to go?" value={query}
        role="combobox" aria-expanded={items.length > 0} aria-controls="switcher-results" aria-activedescendant={items[selected] ? `switcher-${selected}` : undefined}
        onChange={(event) => { setQuery(event.target.value); setSelected(0); }} onKeyDown={onKeyDown} />
      <ul id="switcher-results" className="switcher-results" role="listbox" aria-label="Matches">
        {items.map((item, index) => (
          <li key={item.key} id={`switcher-${index}`} role="option" aria-selected={index === selected} className={item.unread ? "unread" : undefined}
            onMouseEnter={() => setSelected(index)} onClick={() => go(index)}>
            {item.kind === "channel" ? <Hash size={16} aria-hidden="true" /> : <Server size={16} aria-hidden="true" />}
            <span>{item.label}</span>
            {item.detail ? <span className="muted small">{item.detail}</span> : null}
          </li>
        ))}
      </ul>
      <p className="muted small">Tip: start with # for channels only, * for servers only.</p>
    </Dialog>
  );
}
