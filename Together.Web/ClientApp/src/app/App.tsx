import { lazy, Suspense, useEffect, useState } from "react";
import { api } from "../api/endpoints";
import { ApiError } from "../api/problem";
import { session } from "../api/session";
import { AuthScreen } from "../components/AuthScreen";
import { InviteScreen } from "../components/InviteScreen";
import { OfflineScreen } from "../components/OfflineScreen";
import { Shell } from "../components/Shell";
import { connectGateway, disconnectGateway } from "../gateway/gateway";
import { useStore } from "../store/store";
import { matchRoute, navigate, usePath } from "./router";

const Settings = lazy(() => import("../components/Settings"));

type Boot = { state: "loading" } | { state: "signedOut"; hasUsers: boolean } | { state: "signedIn" } | { state: "offline" };

/** Where to go after signing in: the page that sent the user to sign in (an invite), else home. */
function nextPath(): string {
  const next = new URLSearchParams(window.location.search).get("next");
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/channels/@me";
}

export function App() {
  const path = usePath();
  const route = matchRoute(path);
  const [boot, setBoot] = useState<Boot>({ state: "loading" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    async function start() {
      try {
        if (session.current()) {
          const me = await api.me();
          if (cancelled) return;
          useStore.getState().setMe(me);
          setBoot({ state: "signedIn" });
          return;
        }
        const instance = await api.instance();
        if (!cancelled) setBoot({ state: "signedOut", hasUsers: instance.hasUsers });
      } catch (error) {
        if (cancelled) return;
        if (error instanceof ApiError && error.status === 0) setBoot({ state: "offline" });
        else if (error instanceof ApiError && error.status === 401) setBoot({ state: "signedOut", hasUsers: true });
        else setBoot({ state: "offline" });
      }
    }
    void start();
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  useEffect(
    () =>
      session.onEnded(() => {
        void disconnectGateway();
        useStore.getState().reset();
        // Signing out starts afresh at the sign-in page, not back where the user was.
        navigate("/login", { replace: true });
        setBoot({ state: "signedOut", hasUsers: true });
      }),
    [],
  );

  useEffect(() => {
    if (boot.state !== "signedIn") return;
    connectGateway();
    useStore.getState().loadServers().catch(() => undefined);
    useStore.getState().loadPrivateChannels().catch(() => undefined);
    useStore.getState().loadReadStates().catch(() => undefined);
  }, [boot.state]);

  useEffect(() => {
    const retry = () => setAttempt((n) => n + 1);
    window.addEventListener("online", retry);
    return () => window.removeEventListener("online", retry);
  }, []);

  // Keep the address bar honest about where the user is.
  useEffect(() => {
    if (boot.state === "signedOut") {
      const wanted = boot.hasUsers ? (route.name === "register" ? "register" : "login") : "setup";
      if (route.name !== wanted && route.name !== "invite") {
        const next = route.name === "home" || route.name === "login" || route.name === "register" || route.name === "setup" ? "" : `?next=${encodeURIComponent(path)}`;
        navigate(`/${wanted}${next}`, { replace: true });
      }
    } else if (boot.state === "signedIn" && (route.name === "login" || route.name === "register" || route.name === "setup")) {
      navigate(nextPath(), { replace: true });
    }
  }, [boot, route.name, path]);

  if (boot.state === "loading") return <div className="splash" aria-busy="true" aria-label="Loading Together" />;
  if (boot.state === "offline") return <OfflineScreen onRetry={() => setAttempt((n) => n + 1)} />;

  const signedIn = () => {
    setBoot({ state: "signedIn" });
    navigate(nextPath(), { replace: true });
  };

  if (route.name === "invite") return <InviteScreen code={route.code} signedIn={boot.state === "signedIn"} />;
  if (boot.state === "signedOut") {
    const mode = !boot.hasUsers ? "setup" : route.name === "register" ? "register" : "login";
    return <AuthScreen mode={mode} onSignedIn={signedIn} />;
  }
  if (route.name === "settings") {
    return (
      <Suspense fallback={<div className="splash" aria-busy="true" />}>
        <Settings />
      </Suspense>
    );
  }
  return <Shell serverId={route.name === "channel" ? route.serverId : null} channelId={route.name === "channel" || route.name === "dm" ? route.channelId : null} />;
}
