import { ApiError, networkError, toApiError } from "./problem";
import { session } from "./session";

export interface RequestOptions {
  /** Sends the access token (default). Sign-in and the instance probe do not need one. */
  auth?: boolean;
  signal?: AbortSignal;
}

/** Calls the Api at a relative URL, refreshing the session once when the access token has expired. */
export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const auth = options.auth ?? true;
  let response = await send(method, path, body, auth ? await session.accessToken() : null, options.signal);
  if (auth && response.status === 401) {
    const error = await toApiError(response);
    if (error.code !== "token_expired") {
      if (error.code === "session_revoked" || error.code === "invalid_token") session.end();
      throw error;
    }
    const token = await session.refresh();
    if (!token) throw error;
    response = await send(method, path, body, token, options.signal);
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

async function send(method: string, path: string, body: unknown, token: string | null, signal?: AbortSignal) {
  const headers: Record<string, string> = { Accept: "application/json" };
  // A Blob (an uploaded image) goes as it is; anything else as JSON.
  const raw = body instanceof Blob;
  if (body !== undefined) headers["Content-Type"] = raw ? body.type || "application/octet-stream" : "application/json";
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
      signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw networkError(cause);
  }
}

export { ApiError };
