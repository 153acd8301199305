import { describe, expect, it } from "vitest";
import { endingFor, fromReady, inChannel, levelDb, parseNodeMessage, quality, sampleStats, type VoiceState, withVoiceState } from "./model";

const state = (userId: string, channelId: string | null, extra: Partial<VoiceState> = {}): VoiceState => ({
  serverId: "10", channelId, userId, selfMute: false, selfDeaf: false, mute: false, deaf: false, suppress: false, speaking: false, ...extra,
});

describe("voice states", () => {
  it("a join adds, a move replaces (one channel per user), a leave (channelId null) removes", () => {
    let states = withVoiceState({}, state("1", "50"));
    states = withVoiceState(states, state("2", "50", { selfMute: true }));
    expect(inChannel(states, "50").map((s) => s.userId)).toEqual(["1", "2"]);
    states = withVoiceState(states, state("1", "51"));
    expect(inChannel(states, "50").map((s) => s.userId)).toEqual(["2"]);
    expect(inChannel(states, "51").map((s) => s.userId)).toEqual(["1"]);
    states = withVoiceState(states, state("2", null));
    expect(inChannel(states, "50")).toEqual([]);
    expect(Object.keys(states)).toEqual(["1"]);
  });

  it("READY's list replaces everything known, so someone who left during a gateway gap is gone", () => {
    expect(fromReady([state("3", "50")])).toEqual({ 3: state("3", "50") });
    expect(fromReady(undefined)).toEqual({});
  });
});

describe("node messages", () => {
  it("parses every op of DESIGN §6 the client handles", () => {
    expect(parseNodeMessage('{"op":"answer","d":{"sdp":"v=0"}}')).toEqual({ op: "answer", d: { sdp: "v=0" } });
    expect(parseNodeMessage('{"op":"offer","d":{"sdp":"v=0"}}')).toEqual({ op: "offer", d: { sdp: "v=0" } });
    expect(parseNodeMessage('{"op":"participants","d":[{"userId":"2","mid":"1","muted":false,"deafened":false}]}'))
      .toEqual({ op: "participants", d: [{ userId: "2", mid: "1", muted: false, deafened: false }] });
    expect(parseNodeMessage('{"op":"speaking","d":{"userId":"2","speaking":true}}')).toEqual({ op: "speaking", d: { userId: "2", speaking: true } });
    expect(parseNodeMessage('{"op":"error","d":{"code":"moved","message":"m","roomId":"51"}}'))
      .toEqual({ op: "error", d: { code: "moved", message: "m", roomId: "51" } });
  });

  it("ignores what it cannot use instead of failing the call", () => {
    for (const frame of ["not json", '{"op":"offer","d":{}}', '{"op":"later-op","d":{}}', '{"op":"participants","d":{}}', '{"op":"error","d":{}}']) {
      expect(parseNodeMessage(frame)).toBeNull();
    }
    expect(parseNodeMessage(new ArrayBuffer(2))).toBeNull();
  });

  it("a lost transport rejoins, a move joins the named room, a moderator's disconnect or a replacement stops", () => {
    expect(endingFor("transport_closed")).toEqual({ kind: "rejoin" });
    expect(endingFor("moved", "51")).toEqual({ kind: "move", channelId: "51" });
    expect(endingFor("disconnected").kind).toBe("stop");
    expect(endingFor("replaced").kind).toBe("stop");
    expect(endingFor("invalid_token").kind).toBe("stop");
  });
});

describe("connection quality", () => {
  const reports = (received: number, lost: number, rtt: number, jitter = 0.004) => [
    { type: "candidate-pair", nominated: true, currentRoundTripTime: rtt },
    { type: "inbound-rtp", kind: "audio", packetsReceived: received, packetsLost: lost, jitter },
    { type: "inbound-rtp", kind: "audio", packetsReceived: 0, packetsLost: 0, jitter: 0.001 },
    { type: "outbound-rtp", kind: "audio", packetsSent: 999 },
  ];

  it("reads RTT, loss and jitter from getStats and grades them", () => {
    const first = sampleStats(reports(100, 0, 0.012));
    expect(first).toEqual({ rttSeconds: 0.012, packetsReceived: 100, packetsLost: 0, jitterSeconds: 0.004 });
    expect(quality(null, first)).toEqual({ rtt: 12, loss: 0, jitter: 4, level: "good" });
    // 5 lost of the 100 since the last sample: fair; a burst long ago does not count.
    expect(quality(first, sampleStats(reports(195, 5, 0.012))).level).toBe("fair");
    expect(quality(first, sampleStats(reports(150, 50, 0.012))).level).toBe("poor");
    expect(quality(first, sampleStats(reports(200, 0, 0.5))).level).toBe("poor");
  });

  it("falls back to the RTCP round trip when no nominated pair reports one", () => {
    expect(sampleStats([{ type: "remote-inbound-rtp", roundTripTime: 0.25 }]).rttSeconds).toBe(0.25);
  });
});

describe("voice activity level", () => {
  it("is in dBFS: a full-scale square wave is 0, silence the floor, half amplitude about -6", () => {
    expect(levelDb(new Float32Array(64).fill(1))).toBeCloseTo(0);
    expect(levelDb(new Float32Array(64))).toBe(-100);
    expect(levelDb(new Float32Array(64).fill(0.5))).toBeCloseTo(-6.02, 1);
  });
});
