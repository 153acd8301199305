import { useEffect, useState } from "react";
import { api } from "../api/endpoints";
import { ApiError } from "../api/problem";
import type { Invite } from "../api/types";
import { navigate } from "../app/router";
import { useStore } from "../store/store";
import { Logo } from "./Logo";
import { openServer } from "./ServerDialogs";

/** /invite/<code>: who invites you where, and a button to join (after signing in or up when needed). */
export function InviteScreen({ code, signedIn }: { code: string; signedIn: boolean }) {
  const [invite, setInvite] = useState<Invite | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!signedIn) return;
    api.invite(code).then(setInvite, (caught: unknown) =>
      setError(caught instanceof ApiError && caught.status === 404 ? "This invite is invalid or has expired." : String((caught as Error).message)),
    );
  }, [code, signedIn]);

  const here = `/invite/${encodeURIComponent(code)}`;
  async function join() {
    setBusy(true);
    try {
      const serverId = await useStore.getState().joinInvite(code);
      openServer(serverId);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
      setBusy(false);
    }
  }

  const serverName = invite?.server?.name;
  return (
    <main className="auth">
      <div className="auth-card center">
        <Logo />
        {!signedIn ? (
          <>
            <h1>You've been invited</h1>
            <p className="muted">Sign in or create an account to accept this invite.</p>
            <button className="primary wide" onClick={() => navigate(`/login?next=${encodeURIComponent(here)}`)}>Sign in</button>
            <button className="secondary wide" onClick={() => navigate(`/register?next=${encodeURIComponent(here)}`)}>Create an account</button>
          </>
        ) : error ? (
          <>
            <h1>Invite unavailable</h1>
            <p className="form-error" role="alert">{error}</p>
            <button className="secondary wide" onClick={() => navigate("/channels/@me")}>Back to Together</button>
          </>
        ) : (
          <>
            <p className="muted">{invite?.inviter ? `${invite.inviter.displayName || invite.inviter.username} invited you to join` : "You've been invited to join"}</p>
            <h1>{serverName ?? "…"}</h1>
            {invite?.server?.memberCount !== undefined ? <p className="muted small">{invite.server.memberCount} members</p> : null}
            <button className="primary wide" onClick={join} disabled={!invite || busy}>Accept invite</button>
          </>
        )}
      </div>
    </main>
  );
}
