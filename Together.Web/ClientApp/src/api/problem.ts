// RFC 9457 problems as the Api sends them (docs/api.md "Errors"): branch on `code`, show `detail` and `errors`.
export interface ProblemDetails {
  status?: number;
  title?: string;
  detail?: string;
  code?: string;
  errors?: Record<string, string[]>;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors: Record<string, string[]>;

  constructor(status: number, problem: ProblemDetails) {
    super(problem.detail ?? problem.title ?? `The server answered ${status}.`);
    this.name = "ApiError";
    this.status = status;
    this.code = problem.code ?? (status === 0 ? "network_error" : "unknown");
    this.fieldErrors = problem.errors ?? {};
  }

  /** The first message for a field (problem `errors` keys are camelCase JSON names). */
  field(name: string): string | undefined {
    return this.fieldErrors[name]?.[0];
  }

  /** The message to show when no field claims the error. */
  get general(): string {
    const fields = Object.keys(this.fieldErrors);
    return fields.length > 0 && this.code === "validation_failed" ? "" : this.message;
  }
}

export async function toApiError(response: Response): Promise<ApiError> {
  let problem: ProblemDetails = {};
  try {
    const text = await response.text();
    if (text) problem = JSON.parse(text) as ProblemDetails;
  } catch {
    // A proxy's HTML error page or an empty body: the status alone speaks.
  }
  return new ApiError(response.status, problem);
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError(0, { detail: "The server cannot be reached.", code: "network_error" });
  error.cause = cause;
  return error;
}
