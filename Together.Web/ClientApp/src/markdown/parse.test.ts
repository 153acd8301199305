import { describe, expect, it } from "vitest";
import { parseInline, parseMarkdown, safeHref } from "./parse";

describe("parseInline", () => {
  it("reads Discord's inline styles", () => {
    expect(parseInline("**b** *i* __u__ ~~s~~ ||x|| `c`")).toEqual([
      { type: "bold", children: [{ type: "text", text: "b" }] },
      { type: "text", text: " " },
      { type: "italic", children: [{ type: "text", text: "i" }] },
      { type: "text", text: " " },
      { type: "underline", children: [{ type: "text", text: "u" }] },
      { type: "text", text: " " },
      { type: "strike", children: [{ type: "text", text: "s" }] },
      { type: "text", text: " " },
      { type: "spoiler", children: [{ type: "text", text: "x" }] },
      { type: "text", text: " " },
      { type: "code", text: "c" },
    ]);
  });

  it("nests styles", () => {
    expect(parseInline("**bold *and italic***")).toEqual([
      { type: "bold", children: [{ type: "text", text: "bold " }, { type: "italic", children: [{ type: "text", text: "and italic" }] }] },
    ]);
  });

  it("keeps markup inside code as text", () => {
    expect(parseInline("`**not bold** <@1>`")).toEqual([{ type: "code", text: "**not bold** <@1>" }]);
  });

  it("leaves snake_case and lone stars alone", () => {
    expect(parseInline("snake_case_name and 2 * 3 = 6")).toEqual([{ type: "text", text: "snake_case_name and 2 * 3 = 6" }]);
  });

  it("honours backslash escapes", () => {
    expect(parseInline("\\*not italic\\*")).toEqual([{ type: "text", text: "*not italic*" }]);
  });

  it("parses mentions of users, roles, channels and everyone", () => {
    expect(parseInline("<@12> <@!13> <@&14> <#15> @everyone @here")).toEqual([
      { type: "mention", kind: "user", id: "12" },
      { type: "text", text: " " },
      { type: "mention", kind: "user", id: "13" },
      { type: "text", text: " " },
      { type: "mention", kind: "role", id: "14" },
      { type: "text", text: " " },
      { type: "mention", kind: "channel", id: "15" },
      { type: "text", text: " " },
      { type: "mention", kind: "everyone" },
      { type: "text", text: " " },
      { type: "mention", kind: "here" },
    ]);
  });

  it("links addresses, trimming the sentence's punctuation", () => {
    expect(parseInline("see https://example.com/a_(b). ok")).toEqual([
      { type: "text", text: "see " },
      { type: "link", href: "https://example.com/a_(b)", children: [{ type: "text", text: "https://example.com/a_(b)" }] },
      { type: "text", text: ". ok" },
    ]);
  });

  it("masks links only to http and https", () => {
    expect(parseInline("[docs](https://example.com/docs)")).toEqual([
      { type: "link", href: "https://example.com/docs", children: [{ type: "text", text: "docs" }] },
    ]);
    expect(parseInline("[x](javascript:alert(1))")).toEqual([{ type: "text", text: "[x](javascript:alert(1))" }]);
  });

  it("turns newlines into breaks", () => {
    expect(parseInline("a\nb")).toEqual([{ type: "text", text: "a" }, { type: "br" }, { type: "text", text: "b" }]);
  });
});

describe("parseMarkdown", () => {
  it("reads fenced code with a language and keeps its text verbatim", () => {
    expect(parseMarkdown("before\n```ts\nconst a = **1**;\n```\nafter")).toEqual([
      { type: "paragraph", children: [{ type: "text", text: "before" }] },
      { type: "codeBlock", lang: "ts", text: "const a = **1**;" },
      { type: "paragraph", children: [{ type: "text", text: "after" }] },
    ]);
  });

  it("reads quotes, the rest-of-message quote, headers and lists", () => {
    expect(parseMarkdown("> one\n> two\nplain")).toEqual([
      { type: "quote", children: [{ type: "paragraph", children: [{ type: "text", text: "one" }, { type: "br" }, { type: "text", text: "two" }] }] },
      { type: "paragraph", children: [{ type: "text", text: "plain" }] },
    ]);
    expect(parseMarkdown(">>> all\nof it")).toEqual([
      { type: "quote", children: [{ type: "paragraph", children: [{ type: "text", text: "all" }, { type: "br" }, { type: "text", text: "of it" }] }] },
    ]);
    expect(parseMarkdown("## Title")).toEqual([{ type: "heading", level: 2, children: [{ type: "text", text: "Title" }] }]);
    expect(parseMarkdown("- a\n- b\n3. c")).toEqual([
      { type: "list", ordered: false, start: 1, items: [[{ type: "text", text: "a" }], [{ type: "text", text: "b" }]] },
      { type: "list", ordered: true, start: 3, items: [[{ type: "text", text: "c" }]] },
    ]);
  });

  it("keeps HTML as text", () => {
    expect(parseMarkdown("<img src=x onerror=alert(1)>")).toEqual([
      { type: "paragraph", children: [{ type: "text", text: "<img src=x onerror=alert(1)>" }] },
    ]);
  });
});

describe("safeHref", () => {
  it("accepts http and https only", () => {
    expect(safeHref("https://a.example/x")).toBe("https://a.example/x");
    expect(safeHref("javascript:alert(1)")).toBeNull();
    expect(safeHref("data:text/html,hi")).toBeNull();
    expect(safeHref("not a url")).toBeNull();
  });
});
