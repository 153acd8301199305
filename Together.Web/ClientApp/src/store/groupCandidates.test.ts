import { describe, expect, it } from "vitest";
import type { User } from "../api/types";
import { groupCandidates } from "./selectors";

const user = (id: string, username: string, displayName: string | null = null): User => ({ id, username, displayName, createdAt: "" });

describe("groupCandidates", () => {
  it("lists each person of the user's servers and DMs once, without the user, by shown name", () => {
    const members = {
      s1: { "1": { user: user("1", "me") }, "2": { user: user("2", "zed") }, "3": { user: user("3", "amy", "Amy") } },
      s2: { "2": { user: user("2", "zed") }, "4": { user: user("4", "bob", "Bobby") } },
    };
    const fromDms = [user("5", "carl"), user("3", "amy", "Amy")];

    expect(groupCandidates(members, fromDms, "1").map((candidate) => candidate.id)).toEqual(["3", "4", "5", "2"]);
  });

  it("is empty for someone who shares nothing", () => {
    expect(groupCandidates({}, [], "1")).toEqual([]);
  });
});
