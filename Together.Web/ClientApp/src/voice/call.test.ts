import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The call's signalling against fakes of the browser's WebSocket and RTCPeerConnection: what it sends the node,
// how it answers node offers, and what it does when the node or the network ends the session.

const joins: string[] = [];
vi.mock("../api/http", () => ({
  request: vi.fn(async (_method: string, path: string) => {
    joins.push(path);
    return { token: `token-${joins.length}`, signalingUrl: "/media/ws", iceServers: [] };
  }),
}));
vi.mock("../gateway/gateway", () => ({ gatewayInvoke: vi.fn(async () => undefined) }));
vi.mock("./audioOut", () => ({ takeAudioElement: () => ({ play: async () => undefined }), releaseAudioElement: () => undefined }));

class FakeSocket {
  static OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: { op: string; d?: Record<string, unknown> }[] = [];
  onopen: (() => void) | null = null;
  onclose: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  constructor(readonly url: URL) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as { op: string });
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(op: string, d: unknown) {
    this.onmessage?.({ data: JSON.stringify({ op, d }) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.();
  }
}

class FakePeer {
  connectionState = "new";
  remote: { type: string; sdp: string }[] = [];
  closed = false;
  onconnectionstatechange: (() => void) | null = null;
  ontrack: (() => void) | null = null;
  addTransceiver() {
    return { sender: { replaceTrack: async () => undefined } };
  }
  async createOffer() {
    return { type: "offer", sdp: "client-offer" };
  }
  async createAnswer() {
    return { type: "answer", sdp: "client-answer" };
  }
  async setLocalDescription() {}
  async setRemoteDescription(description: { type: string; sdp: string }) {
    this.remote.push(description);
  }
  async getStats() {
    return new Map();
  }
  close() {
    this.closed = true;
  }
}

const track = { enabled: true, stop: () => undefined, clone: () => track };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const lastSocket = () => FakeSocket.all.at(-1)!;

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval", "setTimeout", "clearTimeout"], shouldAdvanceTime: true });
  joins.length = 0;
  FakeSocket.all = [];
  vi.stubGlobal("window", { addEventListener: () => undefined, removeEventListener: () => undefined, location: { href: "http://127.0.0.1:5000/channels/1/2" } });
  vi.stubGlobal("localStorage", { getItem: () => null, setItem: () => undefined });
  vi.stubGlobal("WebSocket", FakeSocket);
  vi.stubGlobal("RTCPeerConnection", FakePeer);
  vi.stubGlobal("MediaStream", class { constructor(readonly tracks: unknown[]) {} });
  vi.stubGlobal("navigator", { mediaDevices: { getUserMedia: async () => ({ getAudioTracks: () => [track], getTracks: () => [track] }) } });
  vi.stubGlobal("AudioContext", class {
    resume = async () => undefined;
    close = async () => undefined;
    createAnalyser = () => ({ fftSize: 0, getFloatTimeDomainData: () => undefined });
    createMediaStreamSource = () => ({ connect: () => undefined });
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.resetModules();
});

async function joined() {
  const call = await import("./call");
  const { useVoice } = await import("./store");
  await call.join("10", "50");
  lastSocket().open();
  await settle();
  return { call, useVoice };
}

describe("the voice call's signalling", () => {
  it("joins with the Api's token, offers, applies the answer, answers node offers in order, follows speaking", async () => {
    const { useVoice } = await joined();
    const socket = lastSocket();
    expect(joins).toEqual(["/api/channels/50/voice/join"]);
    expect(socket.url.toString()).toBe("ws://127.0.0.1:5000/media/ws?token=token-1");
    expect(socket.sent).toEqual([{ op: "offer", d: { sdp: "client-offer" } }]);

    socket.receive("answer", { sdp: "node-answer" });
    socket.receive("offer", { sdp: "node-offer-1" });
    socket.receive("offer", { sdp: "node-offer-2" });
    socket.receive("speaking", { userId: "7", speaking: true });
    await settle();
    expect(socket.sent.slice(1)).toEqual([{ op: "answer", d: { sdp: "client-answer" } }, { op: "answer", d: { sdp: "client-answer" } }]);
    expect(useVoice.getState().speaking["7"]).toBe(true);
    expect(useVoice.getState().call).toMatchObject({ status: "connecting", channelId: "50" });
  });

  it("sends self mute and deafen to the node (deafen mutes too)", async () => {
    const { call } = await joined();
    call.setSelf(false, true);
    expect(lastSocket().sent.slice(1)).toEqual([{ op: "mute", d: { muted: true } }, { op: "deaf", d: { deafened: true } }]);
  });

  it("a closed socket rejoins with a fresh token after a backoff", async () => {
    const { useVoice } = await joined();
    lastSocket().drop();
    expect(useVoice.getState().call.status).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(1500);
    expect(joins).toEqual(["/api/channels/50/voice/join", "/api/channels/50/voice/join"]);
    expect(lastSocket().url.searchParams.get("token")).toBe("token-2");
  });

  it("a moderator's move joins the named channel; a disconnect ends the call and says why", async () => {
    const { useVoice } = await joined();
    lastSocket().receive("error", { code: "moved", message: "moved", roomId: "51" });
    await settle();
    await settle();
    expect(joins.at(-1)).toBe("/api/channels/51/voice/join");
    expect(useVoice.getState().call.channelId).toBe("51");

    lastSocket().open();
    await settle();
    lastSocket().receive("error", { code: "disconnected", message: "bye" });
    await settle();
    expect(useVoice.getState().call).toMatchObject({ status: "idle", channelId: null, error: "A moderator disconnected you." });
  });

  it("a refused offer (glare) leaves the call as it is", async () => {
    const { useVoice } = await joined();
    lastSocket().receive("error", { code: "glare", message: "node offer pending" });
    await settle();
    expect(useVoice.getState().call.status).toBe("connecting");
    expect(joins).toHaveLength(1);
  });
});
