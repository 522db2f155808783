// Idempotent requests as Stripe implements them
// (https://docs.stripe.com/api/idempotent_requests):
// - a POST's first result (status + body) is stored per API key + Idempotency-Key;
// - a repeat with the same endpoint and parameters gets the stored result back,
//   marked `Idempotent-Replayed: true`, and changes nothing;
// - the same key on another endpoint, or with other parameters, is a 400
//   idempotency_error;
// - results of requests that failed validation are not stored (the endpoint
//   never started), so a corrected retry runs;
// - while the first request is still executing, a second one with the same key
//   gets 409 `idempotency_key_in_use` ("conflict", Stripe's behaviour, the
//   default), or, with `concurrency: "serialize"`, waits for the first and
//   gets its replay. Either way nothing is applied twice.
// Keys never expire here (Stripe prunes after 24 h); reset() forgets them.
import { ApiError } from "./errors.js";

export type ConcurrencyMode = "conflict" | "serialize";

export interface StoredResponse {
  status: number;
  body: string;
  requestId: string;
  /** False for results Stripe does not keep (validation failures). */
  save: boolean;
}

interface Entry {
  endpoint: string;
  params: string;
  /** Set while the first request executes. */
  running?: Promise<void>;
  response?: StoredResponse;
}

export interface IdempotentOutcome {
  response: StoredResponse;
  replayed: boolean;
}

function idempotencyError(message: string, status = 400, code?: string): ApiError {
  return new ApiError(status, { type: "idempotency_error", message, ...(code ? { code } : {}) }, false);
}

export class IdempotencyStore {
  private entries = new Map<string, Entry>();

  constructor(private readonly mode: ConcurrencyMode) {}

  clear(): void {
    this.entries.clear();
  }

  /**
   * Runs `execute` at most once per (apiKey, key) whose result is saved.
   * `endpoint` is "METHOD /path", `params` the canonical JSON of the parameters.
   * Throws ApiError for key misuse (mismatch 400, in-flight 409).
   */
  async run(
    apiKey: string,
    key: string,
    endpoint: string,
    params: string,
    execute: () => Promise<StoredResponse>,
  ): Promise<IdempotentOutcome> {
    const slot = `${apiKey}\u0000${key}`;
    for (;;) {
      const entry = this.entries.get(slot);
      if (!entry) break;
      if (entry.endpoint !== endpoint) {
        throw idempotencyError(
          `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${entry.endpoint.split(" ")[1]}' vs '${endpoint.split(" ")[1]}'). Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      if (entry.params !== params) {
        throw idempotencyError(
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      if (entry.response) return { response: entry.response, replayed: true };
      if (this.mode === "conflict") {
        throw idempotencyError(
          `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
          409,
          "idempotency_key_in_use",
        );
      }
      // serialize: wait for the first, then look again (replay, or run if it was not saved).
      await entry.running;
    }

    let finished!: () => void;
    const entry: Entry = { endpoint, params, running: new Promise<void>((resolve) => (finished = resolve)) };
    this.entries.set(slot, entry);
    try {
      const response = await execute();
      if (response.save) {
        entry.response = response;
        delete entry.running;
      } else {
        this.entries.delete(slot);
      }
      return { response, replayed: false };
    } catch (error) {
      this.entries.delete(slot);
      throw error;
    } finally {
      finished();
    }
  }
}
