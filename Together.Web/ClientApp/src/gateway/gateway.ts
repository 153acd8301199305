import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { session } from "../api/session";
import type { GatewayEnvelope } from "../api/types";
import { notifyFor } from "../notifications/notify";
import { useStore } from "../store/store";
import { useVoice } from "../voice/store";
import { reconnectDelay } from "./backoff";
import { ResumeState } from "./resume";

// The gateway (DESIGN §5, docs/api.md "Gateway"): one hub method, `event`, carrying {t, s, d}. The store applies
// every event; this file keeps the connection alive, the token fresh, and resumes the session after a drop.

let connection: HubConnection | null = null;
let stopped = true;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let attempt = 0;
const resume = new ResumeState();

function build(): HubConnection {
  const hub = new HubConnectionBuilder()
    .withUrl("/gateway", {
      // Called on every (re)connect: a refreshed token lets the connection recover from CONNECTION_CLOSE token_expired.
      accessTokenFactory: async () => (await session.accessToken()) ?? "",
    })
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => reconnectDelay(context.previousRetryCount) })
    .configureLogging(LogLevel.None)
    .build();

  hub.on("event", (envelope: GatewayEnvelope) => {
    if (envelope.t === "CONNECTION_CLOSE") {
      const code = (envelope.d as { code?: string } | null)?.code;
      if (code === "session_revoked") session.end();
      return;
    }
    const step = resume.next(envelope);
    if (step.kind === "resume") {
      void hub.invoke("Resume", step.sessionId, step.lastSeq).catch(() => undefined);
      return;
    }
    useStore.getState().apply(envelope);
    useVoice.getState().applyEnvelope(envelope);
    if (step.kind === "ready") afterReady(hub, step.gap);
    else notifyFor(envelope);
  });
  hub.onreconnecting(() => {
    resume.connecting();
    useStore.getState().setConnection("reconnecting");
  });
  hub.onreconnected(() => {
    attempt = 0;
  });
  hub.onclose(() => {
    if (stopped) return;
    useStore.getState().setConnection("reconnecting");
    scheduleStart();
  });
  return hub;
}

/**
 * A fresh READY. It says the chosen presence back at once: calling a hub method ends the wait the server imposes
 * on a new connection of a user connected elsewhere (docs/api.md "Resuming"), so a second tab is never delayed.
 * After a lost connection that could not be resumed, the messages held may miss events: reload them.
 */
function afterReady(hub: HubConnection, gap: boolean) {
  const state = useStore.getState();
  const own = state.me ? state.presences[state.me.id] : undefined;
  const custom = own?.customStatus?.text || own?.customStatus?.emoji ? own.customStatus : null;
  void hub.invoke("UpdatePresence", own?.status ?? "online", custom).catch(() => undefined);
  if (gap) void state.reloadAfterGap();
}

function scheduleStart() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void start(), reconnectDelay(attempt++));
}

async function start() {
  if (stopped || !connection || connection.state !== HubConnectionState.Disconnected) return;
  if (!session.current()) return;
  try {
    resume.connecting();
    await connection.start();
    attempt = 0;
  } catch {
    if (!session.current()) return;
    useStore.getState().setConnection("reconnecting");
    scheduleStart();
  }
}

export function connectGateway(): void {
  if (!stopped) return;
  stopped = false;
  attempt = 0;
  connection = build();
  useStore.getState().setConnection("connecting");
  void start();
}

export async function disconnectGateway(): Promise<void> {
  stopped = true;
  resume.forget();
  clearTimeout(retryTimer);
  const current = connection;
  connection = null;
  await current?.stop();
}

export function gatewayInvoke(method: string, ...args: unknown[]): Promise<void> {
  if (connection?.state !== HubConnectionState.Connected) return Promise.resolve();
  return connection.send(method, ...args);
}

/** Calls a hub method and waits for its answer; a refusal rejects with the server's code in the message. */
export async function gatewayCall(method: string, ...args: unknown[]): Promise<void> {
  if (connection?.state !== HubConnectionState.Connected) throw new Error("Not connected. Try again in a moment.");
  await connection.invoke(method, ...args);
}
