import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Markdown, MentionNamesContext, type MentionNames } from "./render";

const names: MentionNames = {
  user: (id) => (id === "1" ? "alice" : undefined),
  role: (id) => (id === "2" ? { name: "mods", color: "#ff0000" } : undefined),
  channel: (id) => (id === "3" ? "general" : undefined),
};

function html(content: string): string {
  return renderToStaticMarkup(
    <MentionNamesContext.Provider value={names}>
      <Markdown content={content} />
    </MentionNamesContext.Provider>,
  );
}

describe("Markdown", () => {
  it("never turns user text into markup", () => {
    const rendered = html('<img src=x onerror="alert(1)"> <script>alert(2)</script>');
    expect(rendered).not.toContain("<img");
    expect(rendered).not.toContain("<script");
    expect(rendered).toContain("&lt;img src=x");
  });

  it("renders styles as elements", () => {
    expect(html("**b** *i* ~~s~~ `c`")).toBe(
      '<div class="markdown"><p><strong>b</strong> <em>i</em> <s>s</s> <code class="inline-code">c</code></p></div>',
    );
  });

  it("opens links in a new tab without an opener, showing the address", () => {
    expect(html("[site](https://example.com)")).toContain(
      '<a href="https://example.com/" title="https://example.com/" target="_blank" rel="noopener noreferrer">site</a>',
    );
  });

  it("names mentions", () => {
    const rendered = html("<@1> <@&2> <#3> <@99>");
    expect(rendered).toContain("@alice");
    expect(rendered).toContain('style="color:#ff0000">@mods');
    expect(rendered).toContain("#general");
    expect(rendered).toContain("@unknown-user");
  });

  it("hides spoilers until revealed and keeps code blocks verbatim", () => {
    expect(html("||secret||")).toContain('aria-label="Spoiler, press to reveal"');
    expect(html("```js\n<b>x</b>\n```")).toContain('<pre class="code-block" data-lang="js"><code>&lt;b&gt;x&lt;/b&gt;</code></pre>');
  });
});
