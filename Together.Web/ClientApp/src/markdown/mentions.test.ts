import { describe, expect, it } from "vitest";
import { applyCompletion, completionAt, encodeMentions, extractMentions, mentionsMe } from "./mentions";

describe("extractMentions", () => {
  it("collects users, roles, channels and everyone, but not inside code", () => {
    const mentions = extractMentions("hi <@1> and <@&2> in <#3> @everyone `<@4>`\n```\n<@5>\n```\n> <@6>");
    expect([...mentions.users]).toEqual(["1", "6"]);
    expect([...mentions.roles]).toEqual(["2"]);
    expect([...mentions.channels]).toEqual(["3"]);
    expect(mentions.everyone).toBe(true);
  });
});

describe("mentionsMe", () => {
  it("is true for the reader, their roles and everyone", () => {
    expect(mentionsMe("hey <@10>", "10", [])).toBe(true);
    expect(mentionsMe("hey <@&7>", "10", ["7"])).toBe(true);
    expect(mentionsMe("@here look", "10", [])).toBe(true);
    expect(mentionsMe("hey <@11> `<@10>`", "10", ["8"])).toBe(false);
    expect(mentionsMe("mail me@everyone.example", "10", [])).toBe(false);
  });
});

describe("completionAt", () => {
  it("finds the trigger and query before the caret", () => {
    expect(completionAt("hello @al", 9)).toEqual({ trigger: "@", query: "al", start: 6, end: 9 });
    expect(completionAt("#gen", 4)).toEqual({ trigger: "#", query: "gen", start: 0, end: 4 });
    expect(completionAt("so :sm", 6)).toEqual({ trigger: ":", query: "sm", start: 3, end: 6 });
  });

  it("offers nothing mid-word, after a plain colon, or past a space", () => {
    expect(completionAt("mail@al", 7)).toBeNull();
    expect(completionAt("time: 5", 7)).toBeNull();
    expect(completionAt("a :s", 4)).toBeNull();
    expect(completionAt("@al done", 8)).toBeNull();
  });
});

describe("applyCompletion", () => {
  it("replaces the query and puts the caret after one space", () => {
    const text = "hi @al how";
    const query = completionAt(text, 6)!;
    expect(applyCompletion(text, query, "@alice")).toEqual({ text: "hi @alice how", caret: 10 });
  });
});

describe("encodeMentions", () => {
  const users = [{ id: "1", name: "ann" }, { id: "2", name: "anna" }, { id: "3", name: "bob.smith" }];

  it("turns typed names into ids, longest name first, case-insensitively", () => {
    expect(encodeMentions("@anna and @Ann, @bob.smith! bye @ann.", users)).toBe("<@2> and <@1>, <@3>! bye <@1>.");
  });

  it("leaves unknown names, email addresses and code alone", () => {
    expect(encodeMentions("@carol mail x@ann `@ann`", users)).toBe("@carol mail x@ann `@ann`");
  });

  it("encodes roles and channels", () => {
    expect(encodeMentions("@mods see #general-chat", [], [{ id: "9", name: "mods" }], [{ id: "5", name: "general-chat" }])).toBe("<@&9> see <#5>");
    expect(encodeMentions("#mods", [], [{ id: "9", name: "mods" }])).toBe("#mods");
  });
});
