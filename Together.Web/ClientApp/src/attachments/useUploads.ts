import { useCallback, useEffect, useRef, useState } from "react";
import { uploadFile, type Upload } from "./upload";

let counter = 0;

/** The composer's files: each uploads at once with progress, can be cancelled or removed, and retried if it failed. */
export function useUploads() {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const controllers = useRef(new Map<string, AbortController>());

  const patch = useCallback((key: string, change: Partial<Upload>) => {
    setUploads((current) => current.map((upload) => (upload.key === key ? { ...upload, ...change } : upload)));
  }, []);

  const start = useCallback((key: string, file: File) => {
    const controller = new AbortController();
    controllers.current.set(key, controller);
    uploadFile(file, (progress) => patch(key, { progress }), controller.signal)
      .then((attachment) => patch(key, { state: "done", progress: 1, attachment }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        patch(key, { state: "failed", error: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => controllers.current.delete(key));
  }, [patch]);

  const add = useCallback((files: Iterable<File>) => {
    const added = [...files].map((file): Upload => ({ key: `upload-${++counter}`, file, progress: 0, state: "uploading" }));
    setUploads((current) => [...current, ...added]);
    for (const upload of added) start(upload.key, upload.file);
  }, [start]);

  const remove = useCallback((key: string) => {
    controllers.current.get(key)?.abort();
    setUploads((current) => current.filter((upload) => upload.key !== key));
  }, []);

  const retry = useCallback((key: string) => {
    setUploads((current) => current.map((upload) => {
      if (upload.key !== key) return upload;
      start(key, upload.file);
      return { ...upload, state: "uploading", progress: 0, error: undefined };
    }));
  }, [start]);

  /** Forgets every file, cancelling those still uploading (after sending; on leaving the channel). */
  const clear = useCallback(() => {
    controllers.current.forEach((controller) => controller.abort());
    setUploads([]);
  }, []);

  useEffect(() => {
    const running = controllers.current;
    return () => running.forEach((controller) => controller.abort());
  }, []);

  return { uploads, add, remove, retry, clear };
}
