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
    api.invite(code).then(setInvite, (caught: unknown) =>
      setError(caught instanceof ApiError && caught.status === 404 ? "This invite is invalid or has expired." : String((caught as Error).message)),
    );
  }, [code]);

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
  const heading = (
    <>
      <p className="muted">You've been invited to join</p>
      <h1>{serverName ?? "…"}</h1>
      {invite ? <p className="muted small">{invite.server?.memberCount} {invite.server?.memberCount === 1 ? "member" : "members"}{invite.server?.onlineCount ? ` · ${invite.server.onlineCount} online` : ""} · #{invite.channel?.name}</p> : null}
    </>
  );
  return (
    <main className="auth">
      <div className="auth-card center">
        <Logo />
        {error ? (
          <>
            <h1>Invite unavailable</h1>
            <p className="form-error" role="alert">{error}</p>
            <button className="secondary wide" onClick={() => navigate(signedIn ? "/channels/@me" : "/login")}>Back to Together</button>
          </>
        ) : !signedIn ? (
          <>
            {heading}
            <p className="muted">Sign in or create an account to accept this invite.</p>
            <button className="primary wide" onClick={() => navigate(`/login?next=${encodeURIComponent(here)}`)}>Sign in</button>
            <button className="secondary wide" onClick={() => navigate(`/register?next=${encodeURIComponent(here)}`)}>Create an account</button>
          </>
        ) : (
          <>
            {heading}
            <button className="primary wide" onClick={join} disabled={!invite || busy}>Accept invite</button>
          </>
        )}
      </div>
    </main>
  );
}
