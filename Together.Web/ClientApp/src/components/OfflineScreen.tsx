import { WifiOff } from "lucide-react";

/** Shown when the app shell opened (from the service worker's cache) but the server cannot be reached. */
export function OfflineScreen({ onRetry }: { onRetry: () => void }) {
  return (
    <main className="auth">
      <div className="auth-card center" role="alert">
        <WifiOff size={40} aria-hidden="true" />
        <h1>You're offline</h1>
        <p className="muted">Together can't reach its server right now. It will try again when the connection is back.</p>
        <button className="primary" onClick={onRetry}>
          Try again
        </button>
      </div>
    </main>
  );
}
