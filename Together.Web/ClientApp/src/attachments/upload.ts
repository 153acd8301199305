import { ApiError, type ProblemDetails } from "../api/problem";
import { session } from "../api/session";
import type { Attachment } from "../api/types";

/** One file on its way to `POST /api/attachments` (docs/api.md "Attachments"). */
export interface Upload {
  key: string;
  file: File;
  /** 0–1, from the XHR's upload progress events. */
  progress: number;
  state: "uploading" | "done" | "failed";
  attachment?: Attachment;
  error?: string;
}

/**
 * Uploads one file with XMLHttpRequest, the one browser API that reports upload progress. Resolves with the
 * attachment, rejects with an ApiError (a problem's detail, or a network failure), or with an AbortError when
 * `signal` aborts. An expired access token is refreshed once.
 */
export function uploadFile(file: File, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<Attachment> {
  return session.accessToken().then((token) => attempt(file, token, onProgress, signal)).catch(async (error: unknown) => {
    if (!(error instanceof ApiError) || error.code !== "token_expired") throw error;
    return attempt(file, await session.refresh(), onProgress, signal);
  });
}

function attempt(file: File, token: string | null, onProgress: (fraction: number) => void, signal: AbortSignal): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/attachments");
    xhr.setRequestHeader("Accept", "application/json");
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status === 201 && Array.isArray(body) && body[0]) {
        resolve(body[0] as Attachment);
        return;
      }
      const problem = Array.isArray(body) ? null : (body as ProblemDetails | null);
      const detail = xhr.status === 413 ? "The file is too large." : problem?.detail ?? problem?.title ?? `The upload failed (${xhr.status}).`;
      reject(new ApiError(xhr.status, { code: problem?.code ?? "upload_failed", detail }));
    };
    xhr.onerror = () => reject(new ApiError(0, { code: "network_error", detail: "The upload failed: the server could not be reached." }));
    xhr.onabort = () => reject(new DOMException("The upload was cancelled.", "AbortError"));
    signal.addEventListener("abort", () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append("files", file, file.name);
    xhr.send(form);
  });
}

export function formatSize(bytes: number): string {
  const units = ["B", "KB", "MB", "GB"];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit++;
  }
  return `${size.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
