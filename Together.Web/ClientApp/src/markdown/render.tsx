import { type ReactNode, createContext, useContext, useMemo, useState } from "react";
import type { BlockNode, InlineNode, MentionKind } from "./ast";
import { parseMarkdown } from "./parse";

/** How mentions are named and whether one concerns the reader; supplied by the message view. */
export interface MentionNames {
  user(id: string): string | undefined;
  role(id: string): { name: string; color?: string } | undefined;
  channel(id: string): string | undefined;
  openChannel?(id: string): void;
}

const noNames: MentionNames = { user: () => undefined, role: () => undefined, channel: () => undefined };
export const MentionNamesContext = createContext<MentionNames>(noNames);

function Spoiler({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState(false);
  return (
    <span
      className={shown ? "spoiler shown" : "spoiler"}
      role={shown ? undefined : "button"}
      tabIndex={shown ? undefined : 0}
      aria-label={shown ? undefined : "Spoiler, press to reveal"}
      onClick={() => setShown(true)}
      onKeyDown={(event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          setShown(true);
        }
      }}
    >
      <span aria-hidden={!shown}>{children}</span>
    </span>
  );
}

function Mention({ kind, id }: { kind: MentionKind; id?: string }) {
  const names = useContext(MentionNamesContext);
  if (kind === "everyone" || kind === "here") return <span className="mention">@{kind}</span>;
  if (kind === "user") return <span className="mention">@{names.user(id!) ?? "unknown-user"}</span>;
  if (kind === "role") {
    const role = names.role(id!);
    return (
      <span className="mention" style={role?.color ? { color: role.color } : undefined}>
        @{role?.name ?? "deleted-role"}
      </span>
    );
  }
  const channel = names.channel(id!);
  return (
    <span
      className="mention"
      role={channel && names.openChannel ? "link" : undefined}
      tabIndex={channel && names.openChannel ? 0 : undefined}
      onClick={() => channel && names.openChannel?.(id!)}
    >
      #{channel ?? "unknown"}
    </span>
  );
}

function renderInline(nodes: InlineNode[]): ReactNode[] {
  return nodes.map((node, key) => {
    switch (node.type) {
      case "text":
        return node.text;
      case "br":
        return <br key={key} />;
      case "bold":
        return <strong key={key}>{renderInline(node.children)}</strong>;
      case "italic":
        return <em key={key}>{renderInline(node.children)}</em>;
      case "underline":
        return <u key={key}>{renderInline(node.children)}</u>;
      case "strike":
        return <s key={key}>{renderInline(node.children)}</s>;
      case "spoiler":
        return <Spoiler key={key}>{renderInline(node.children)}</Spoiler>;
      case "code":
        return <code key={key} className="inline-code">{node.text}</code>;
      case "link":
        return (
          <a key={key} href={node.href} title={node.href} target="_blank" rel="noopener noreferrer">
            {renderInline(node.children)}
          </a>
        );
      case "mention":
        return <Mention key={key} kind={node.kind} id={node.id} />;
      case "emoji":
        // Custom emoji images arrive with the emoji feature; until a server hosts them, their name stands in.
        return <span key={key} className="emoji-name" title={`:${node.name}:`}>:{node.name}:</span>;
    }
  });
}

function renderBlocks(blocks: BlockNode[]): ReactNode[] {
  return blocks.map((block, key) => {
    switch (block.type) {
      case "paragraph":
        return <p key={key}>{renderInline(block.children)}</p>;
      case "codeBlock":
        return (
          <pre key={key} className="code-block" data-lang={block.lang ?? undefined}>
            <code>{block.text}</code>
          </pre>
        );
      case "quote":
        return <blockquote key={key}>{renderBlocks(block.children)}</blockquote>;
      case "heading": {
        const Tag = `h${block.level + 2}` as "h3" | "h4" | "h5";
        return <Tag key={key} className="md-heading">{renderInline(block.children)}</Tag>;
      }
      case "list": {
        const items = block.items.map((item, index) => <li key={index}>{renderInline(item)}</li>);
        return block.ordered ? <ol key={key} start={block.start}>{items}</ol> : <ul key={key}>{items}</ul>;
      }
    }
  });
}

/** A message's content as React elements, from the parsed tree: user text is only ever a text node. */
export function Markdown({ content }: { content: string }) {
  const tree = useMemo(() => parseMarkdown(content), [content]);
  return <div className="markdown">{renderBlocks(tree)}</div>;
}
