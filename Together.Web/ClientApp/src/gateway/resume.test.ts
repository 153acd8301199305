import { describe, expect, it } from "vitest";
import { ResumeState } from "./resume";

const ready = (s: number, sessionId: string) => ({ t: "READY", s, d: { sessionId } });
const event = (s: number) => ({ t: "MESSAGE_CREATE", s, d: {} });

describe("ResumeState", () => {
  it("applies the first READY as a fresh start", () => {
    const state = new ResumeState();
    state.connecting();
    expect(state.next(ready(1, "a"))).toEqual({ kind: "ready", gap: false });
    expect(state.next(event(2))).toEqual({ kind: "apply" });
  });

  it("answers a reconnect's greeting READY with Resume of the last event applied, then applies the replay", () => {
    const state = new ResumeState();
    state.connecting();
    state.next(ready(1, "a"));
    state.next(event(2));
    state.next(event(3));
    state.connecting();
    expect(state.next(ready(1, "b"))).toEqual({ kind: "resume", sessionId: "a", lastSeq: 3 });
    expect(state.next(event(4))).toEqual({ kind: "apply" });
    expect(state.next({ t: "RESUMED", s: 5, d: { sessionId: "a" } })).toEqual({ kind: "apply" });
    // The resumed session goes on: a later drop resumes it by the same id from where it is.
    state.next(event(6));
    state.connecting();
    expect(state.next(ready(1, "c"))).toEqual({ kind: "resume", sessionId: "a", lastSeq: 6 });
  });

  it("applies the READY that follows a refused Resume as a gap, and resumes the new session next time", () => {
    const state = new ResumeState();
    state.connecting();
    state.next(ready(1, "a"));
    state.next(event(2));
    state.connecting();
    state.next(ready(1, "b"));
    expect(state.next(ready(2, "c"))).toEqual({ kind: "ready", gap: true });
    state.next(event(3));
    state.connecting();
    expect(state.next(ready(1, "d"))).toEqual({ kind: "resume", sessionId: "c", lastSeq: 3 });
  });

  it("starts afresh after forget", () => {
    const state = new ResumeState();
    state.connecting();
    state.next(ready(1, "a"));
    state.forget();
    expect(state.next(ready(1, "b"))).toEqual({ kind: "ready", gap: false });
  });
});
