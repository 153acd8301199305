import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { session } from "../api/session";
import type { GatewayEnvelope } from "../api/types";
import { notifyFor } from "../notifications/notify";
import { useStore } from "../store/store";
import { useVoice } from "../voice/store";
import { reconnectDelay } from "./backoff";

// The gateway (DESIGN §5, docs/api.md "Gateway"): one hub method, `event`, carrying {t, s, d}. The store applies
// every event; this file only keeps the connection alive and the token fresh.

let connection: HubConnection | null = null;
let stopped = true;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let attempt = 0;

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
    useStore.getState().apply(envelope);
    useVoice.getState().applyEnvelope(envelope);
    notifyFor(envelope);
  });
  hub.onreconnecting(() => useStore.getState().setConnection("reconnecting"));
  // The server greets every new connection with READY, which marks the store connected again.
  hub.onreconnected(() => void refreshAfterGap());
  hub.onclose(() => {
    if (stopped) return;
    useStore.getState().setConnection("reconnecting");
    scheduleStart();
  });
  return hub;
}

/** What a reconnect may have missed: servers joined or left while away. Messages reload when a channel opens. */
async function refreshAfterGap() {
  attempt = 0;
  try {
    await Promise.all([useStore.getState().loadServers(), useStore.getState().loadReadStates()]);
  } catch {
    // The next reconnect or channel switch tries again.
  }
}

function scheduleStart() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void start(), reconnectDelay(attempt++));
}

async function start() {
  if (stopped || !connection || connection.state !== HubConnectionState.Disconnected) return;
  if (!session.current()) return;
  try {
    await connection.start();
    if (attempt > 0) void refreshAfterGap();
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
  clearTimeout(retryTimer);
  const current = connection;
  connection = null;
  await current?.stop();
}

export function gatewayInvoke(method: string, ...args: unknown[]): Promise<void> {
  if (connection?.state !== HubConnectionState.Connected) return Promise.resolve();
  return connection.send(method, ...args);
}
