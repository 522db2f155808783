import type { ContentfulStatusCode } from "hono/utils/http-status";

/**
 * The one error type routes throw. `code` is machine-readable and stable;
 * `message` is safe to show to a client; `cause` stays internal.
 * app.onError (worker/app.ts) is the only place that turns it into a response.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ApiError";
  }
}

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}
