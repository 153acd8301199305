import { describe, expect, it } from "vitest";
import { matchRoute } from "./router";

describe("matchRoute", () => {
  it("reads the app's routes", () => {
    expect(matchRoute("/")).toEqual({ name: "home" });
    expect(matchRoute("/channels/@me")).toEqual({ name: "home" });
    expect(matchRoute("/channels/1/2")).toEqual({ name: "channel", serverId: "1", channelId: "2" });
    expect(matchRoute("/channels/1")).toEqual({ name: "channel", serverId: "1", channelId: null });
    expect(matchRoute("/channels/@me/5")).toEqual({ name: "dm", channelId: "5" });
    expect(matchRoute("/invite/AbC123")).toEqual({ name: "invite", code: "AbC123" });
    expect(matchRoute("/login")).toEqual({ name: "login" });
    expect(matchRoute("/nowhere")).toEqual({ name: "home" });
  });
});
