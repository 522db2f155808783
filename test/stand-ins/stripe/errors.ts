// Errors in Stripe's wire shape: `{ "error": { type, code, decline_code?,
// message, param?, doc_url?, payment_intent?, … } }` with Stripe's HTTP status.
// stripe-node picks its error class from the status (400/404 →
// StripeInvalidRequestError or, for type idempotency_error, StripeIdempotencyError;
// 401 → StripeAuthenticationError; 402 → StripeCardError), so the status
// matters as much as the body.

export interface StripeErrorBody {
  type: "invalid_request_error" | "card_error" | "idempotency_error" | "api_error";
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: unknown;
  payment_method?: unknown;
  request_log_url?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: StripeErrorBody,
    /**
     * Stripe stores an idempotent result only once the endpoint started
     * executing; a request that failed parameter validation (or hit a
     * concurrent in-flight key) is not stored, so a corrected retry with the
     * same key runs for real. `false` marks those.
     */
    readonly saveForIdempotency = true,
  ) {
    super(error.message);
  }
}

export function docUrl(code: string): string {
  return `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}`;
}

interface InvalidOptions {
  code?: string;
  param?: string;
  status?: number;
  /** True for parameter validation failures (not stored for idempotency). */
  validation?: boolean;
}

export function invalidRequest(message: string, options: InvalidOptions = {}): ApiError {
  const error: StripeErrorBody = { type: "invalid_request_error", message };
  if (options.code) {
    error.code = options.code;
    error.doc_url = docUrl(options.code);
  }
  if (options.param) error.param = options.param;
  return new ApiError(options.status ?? 400, error, !options.validation);
}

/** A malformed or missing parameter: 400, not stored for idempotency. */
export function parameterError(message: string, code: string, param: string): ApiError {
  return invalidRequest(message, { code, param, validation: true });
}

/**
 * `No such payment_intent: 'pi_x'`. Stripe answers 404 when the object named in
 * the URL is missing and 400 when an id passed as a parameter is.
 */
export function resourceMissing(resource: string, id: string, param: string, status: 400 | 404 = 404): ApiError {
  return invalidRequest(`No such ${resource}: '${id}'`, { code: "resource_missing", param, status });
}

export function unexpectedState(message: string): ApiError {
  return invalidRequest(message, { code: "payment_intent_unexpected_state" });
}
