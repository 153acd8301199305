import type { GatewayEnvelope } from "../api/types";

/** What to do with an event that arrived (docs/api.md "Resuming"). */
export type Step =
  /** The greeting READY of a reconnect: do not apply it, call `Resume(sessionId, lastSeq)` at once. */
  | { kind: "resume"; sessionId: string; lastSeq: number }
  /** A READY to apply that replaces all state; `gap` when it follows a lost connection (a refused resume). */
  | { kind: "ready"; gap: boolean }
  | { kind: "apply" };

/**
 * Keeps the gateway session's id and the `s` of the last event applied, so a new connection continues the
 * session instead of starting over. Pure bookkeeping: the gateway connection acts on the steps.
 */
export class ResumeState {
  private sessionId: string | null = null;
  private lastSeq = 0;
  private greeting = true;
  private resuming = false;

  /** A new connection is opening: its first event is the server's greeting READY. */
  connecting(): void {
    this.greeting = true;
    this.resuming = false;
  }

  /** Signing out or a revoked session: the next connection starts afresh. */
  forget(): void {
    this.sessionId = null;
    this.lastSeq = 0;
    this.connecting();
  }

  next(envelope: GatewayEnvelope): Step {
    const greeting = this.greeting;
    this.greeting = false;
    if (envelope.t === "READY") {
      if (greeting && this.sessionId && this.lastSeq > 0) {
        this.resuming = true;
        return { kind: "resume", sessionId: this.sessionId, lastSeq: this.lastSeq };
      }
      const gap = this.resuming || (greeting && this.sessionId !== null);
      this.resuming = false;
      this.sessionId = (envelope.d as { sessionId: string }).sessionId;
      this.lastSeq = envelope.s;
      return { kind: "ready", gap };
    }
    if (envelope.t === "RESUMED") this.resuming = false;
    this.lastSeq = envelope.s;
    return { kind: "apply" };
  }
}
