import { useStore } from "../store/store";

/** A slim bar while the gateway is down; it disappears by itself when the connection is back. */
export function ConnectionBanner() {
  const connection = useStore((state) => state.connection);
  if (connection !== "reconnecting") return null;
  return (
    <div className="connection-banner" role="status" aria-live="polite">
      Reconnecting…
    </div>
  );
}
