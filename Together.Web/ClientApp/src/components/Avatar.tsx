import type { PresenceStatus, User } from "../api/types";
import { displayName } from "../store/model";

// A colour per user, stable across sessions, from their id.
const hues = [210, 260, 330, 20, 45, 150, 180];

export function Avatar({ user, status, size = 40 }: { user: User; status?: PresenceStatus; size?: number }) {
  const name = displayName(user);
  const hue = hues[Number(BigInt(user.id) % BigInt(hues.length))] ?? 210;
  return (
    <span className="avatar" style={{ width: size, height: size, background: `hsl(${hue} 55% 45%)`, fontSize: size * 0.4 }} aria-hidden="true">
      {[...name][0]?.toUpperCase()}
      {status ? <span className={`presence dot ${status}`} /> : null}
    </span>
  );
}
