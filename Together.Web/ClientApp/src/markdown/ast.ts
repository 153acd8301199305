export type MentionKind = "user" | "role" | "channel" | "everyone" | "here";

export type InlineNode =
  | { type: "text"; text: string }
  | { type: "br" }
  | { type: "bold" | "italic" | "underline" | "strike" | "spoiler"; children: InlineNode[] }
  | { type: "code"; text: string }
  | { type: "link"; href: string; children: InlineNode[] }
  | { type: "mention"; kind: MentionKind; id?: string }
  | { type: "emoji"; name: string; id: string; animated: boolean };

export type BlockNode =
  | { type: "paragraph"; children: InlineNode[] }
  | { type: "codeBlock"; lang: string | null; text: string }
  | { type: "quote"; children: BlockNode[] }
  | { type: "heading"; level: 1 | 2 | 3; children: InlineNode[] }
  | { type: "list"; ordered: boolean; start: number; items: InlineNode[][] };
