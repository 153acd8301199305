import { ArrowDown, ArrowUp } from "lucide-react";

/** Move up / move down for an item of an ordered list (channels, roles): the keyboard-reachable reorder. */
export function MoveButtons({ name, canUp, canDown, onMove }: { name: string; canUp: boolean; canDown: boolean; onMove: (delta: -1 | 1) => void }) {
  return (
    <span className="editor-moves">
      <button className="icon small" aria-label={`Move ${name} up`} disabled={!canUp} onClick={() => onMove(-1)}><ArrowUp size={14} /></button>
      <button className="icon small" aria-label={`Move ${name} down`} disabled={!canDown} onClick={() => onMove(1)}><ArrowDown size={14} /></button>
    </span>
  );
}
