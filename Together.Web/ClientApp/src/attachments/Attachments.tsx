import { useState } from "react";
import { Download } from "lucide-react";
import type { Attachment } from "../api/types";
import { Dialog } from "../components/Dialog";
import { formatSize } from "./upload";

/** A message's files: images as previews that open a lightbox (Esc closes), anything else as a download. */
export function Attachments({ attachments }: { attachments: Attachment[] }) {
  const [open, setOpen] = useState<Attachment | null>(null);
  return (
    <div className="attachments">
      {attachments.map((attachment) =>
        attachment.contentType?.startsWith("image/") ? (
          <button key={attachment.id} type="button" className="attachment-image" aria-label={`Open image ${attachment.filename}`} onClick={() => setOpen(attachment)}>
            <img src={attachment.url} alt={attachment.filename} width={attachment.width ?? undefined} height={attachment.height ?? undefined} loading="lazy" />
          </button>
        ) : (
          <a key={attachment.id} className="file" href={attachment.url} download={attachment.filename}>
            <Download size={16} aria-hidden="true" /> {attachment.filename} <span className="muted">{formatSize(attachment.size)}</span>
          </a>
        ),
      )}
      {open ? (
        <Dialog title={open.filename} onClose={() => setOpen(null)}>
          <div className="lightbox">
            <img src={open.url} alt={open.filename} />
            <a href={open.url} target="_blank" rel="noopener noreferrer">Open original</a>
          </div>
        </Dialog>
      ) : null}
    </div>
  );
}
