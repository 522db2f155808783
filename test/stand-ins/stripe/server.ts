// startStripeStandIn(): a local server that speaks the subset of Stripe's HTTP
// API the checkout agent uses, so the official `stripe` SDK can be pointed at
// it (`new Stripe(key, { host: "127.0.0.1", port, protocol: "http" })`, plus
// `httpClient: Stripe.createFetchHttpClient()` inside Workers). It signs and
// delivers webhooks like Stripe and declines Stripe's test cards like Stripe.
// Listens on 127.0.0.1 only. See README.md for the full contract.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type Stripe from "stripe";
import { findRoute } from "./api-routes.js";
import { authenticate } from "./auth.js";
import { handleControl } from "./control.js";
import { DEFAULT_API_VERSION, StandInCore } from "./core.js";
import { ApiError } from "./errors.js";
import { canonicalJson, parseForm, type FormObject } from "./form.js";
import { BodyTooLarge, readBody, send, sendJson, wantsJson } from "./http-io.js";
import { IdempotencyStore, type ConcurrencyMode, type StoredResponse } from "./idempotency.js";
import { newId } from "./ids.js";
import { optStringArray } from "./params.js";
import { completePayment, renderPaymentPage, returnLocation } from "./payment-page.js";
import { handleCheckoutPage } from "./checkout-page.js";
import { snapshot, type RequestLogEntry, type StandInEvent } from "./state.js";
import {
  DEFAULT_RETRY,
  StandInUsageError,
  WebhookDispatcher,
  type RedeliverOptions,
  type ResumeOptions,
  type RetryPolicy,
  type WebhookDelivery,
  type WebhookTarget,
} from "./webhooks.js";

export interface StripeStandInOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Accept only `Bearer <apiKey>` when set; otherwise any `sk_test_…`/`rk_test_…` key. */
  apiKey?: string;
  /** Where events are POSTed, and the endpoint's signing secret (`whsec_…`). */
  webhook?: WebhookTarget;
  /** Delivery retries; default 3 tries, 50 ms doubling to at most 200 ms, 5 s timeout. */
  webhookRetry?: Partial<RetryPolicy>;
  /**
   * Same Idempotency-Key while the first request is still running:
   * "conflict" (default, as Stripe) answers 409 idempotency_key_in_use;
   * "serialize" waits for the first and replays its result.
   */
  idempotency?: ConcurrencyMode;
  /** Artificial delay before each API request executes (opens an in-flight window). */
  latencyMs?: number;
  /** api_version stamped on events. */
  apiVersion?: string;
  /**
   * Refuse to confirm a PaymentIntent with automatic_payment_methods (the
   * default) and no return_url, as Stripe does. Default true.
   */
  requireReturnUrl?: boolean;
}

export interface StripeStandIn {
  /** e.g. http://127.0.0.1:12111 */
  url: string;
  port: number;
  close(): Promise<void>;
  /** Every event generated, oldest first (delivered or not). */
  events(): StandInEvent[];
  /** Every webhook delivery attempt. */
  deliveries(): WebhookDelivery[];
  /** Hold events created from now on instead of delivering them. */
  pauseWebhooks(): void;
  /** Deliver the held events (reordered / duplicated); resolves when delivered. */
  resumeWebhooks(options?: ResumeOptions): Promise<WebhookDelivery[]>;
  /** Deliver an event again, possibly forged; resolves with the attempts made. */
  redeliver(eventId: string, options?: RedeliverOptions): Promise<WebhookDelivery[]>;
  /** Retarget webhooks at runtime; null stops sending (events are still recorded). */
  setWebhook(target: WebhookTarget | null): void;
  /** Resolves when every queued webhook delivery (with retries) is finished. */
  webhooksIdle(): Promise<void>;
  /** Drop all state: objects, events, deliveries, idempotency keys, request log. Keeps the webhook target. */
  reset(): void;
  paymentIntents(): Stripe.PaymentIntent[];
  checkoutSessions(): Stripe.Checkout.Session[];
  requests(): RequestLogEntry[];
  /**
   * Hold every API request whose `METHOD /path?decoded-body` contains `match`
   * for `ms` before it runs (it still runs: a client that gave up meanwhile
   * finds the result later). `ms` 0 removes the rule. A hung or slow Stripe,
   * scoped to one test's objects so parallel tests are not slowed.
   */
  delay(match: string, ms: number): void;
  /** The shopper-facing payment page of a PaymentIntent: `${url}/pay/${id}`. */
  paymentPageUrl(paymentIntentId: string): string;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function decodeForm(form: string): string {
  try {
    return decodeURIComponent(form.replace(/\+/g, " "));
  } catch {
    return form;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export async function startStripeStandIn(options: StripeStandInOptions = {}): Promise<StripeStandIn> {
  const apiVersion = options.apiVersion ?? DEFAULT_API_VERSION;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.webhookRetry };
  const latencyMs = options.latencyMs ?? 0;
  const webhooks = new WebhookDispatcher(options.webhook, retry, (eventId) => core.markDelivered(eventId));
  const core = new StandInCore({ apiVersion, requireReturnUrl: options.requireReturnUrl ?? true }, webhooks);
  const idempotency = new IdempotencyStore(options.idempotency ?? "conflict");
  const delays = new Map<string, number>();
  const delayFor = (request: string): number => {
    let ms = latencyMs;
    for (const [match, extra] of delays) if (request.includes(match)) ms += extra;
    return ms;
  };

  function log(
    method: string,
    path: string,
    idempotencyKey: string | null,
    status: number,
    requestId: string,
    replayed = false,
  ): void {
    core.state.requests.push({ method, path, idempotencyKey, status, replayed, requestId, at: Date.now() });
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    const method = req.method ?? "GET";
    const path = url.pathname;
    const requestId = newId("req");
    const key = method === "POST" ? (header(req, "idempotency-key") ?? null) : null;
    const baseHeaders: Record<string, string> = {
      "content-type": "application/json",
      "request-id": requestId,
      "stripe-version": header(req, "stripe-version") ?? apiVersion,
    };
    if (key) baseHeaders["idempotency-key"] = key;
    const finish = (status: number, payload: string, extra: Record<string, string> = {}, replayed = false) => {
      log(method, path, key, status, requestId, replayed);
      send(res, status, payload, { ...baseHeaders, ...extra });
    };
    const fail = (error: ApiError) => finish(error.status, JSON.stringify({ error: error.error }, null, 2));

    const auth = authenticate(header(req, "authorization"), options.apiKey);
    if (!auth.ok) return finish(401, JSON.stringify({ error: auth.error }, null, 2));
    const found = findRoute(method, path);
    if (!found) {
      return fail(
        new ApiError(404, {
          type: "invalid_request_error",
          message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        }),
      );
    }
    const params: FormObject = parseForm(method === "GET" ? url.search.slice(1) : body);
    const wait = delayFor(`${method} ${path}?${decodeForm(method === "GET" ? url.search.slice(1) : body)}`);
    const execute = async (): Promise<StoredResponse> => {
      if (wait > 0) await sleep(wait);
      try {
        optStringArray(params, "expand");
        const result = found.handle({ core, params, request: { id: requestId, idempotencyKey: key } }, ...found.ids);
        return { status: 200, body: JSON.stringify(result, null, 2), requestId, save: true };
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        return {
          status: error.status,
          body: JSON.stringify({ error: error.error }, null, 2),
          requestId,
          save: error.saveForIdempotency,
        };
      }
    };
    if (!key) {
      const response = await execute();
      return finish(response.status, response.body);
    }
    try {
      const outcome = await idempotency.run(auth.apiKey, key, `${method} ${path}`, canonicalJson(params), execute);
      if (!outcome.replayed) return finish(outcome.response.status, outcome.response.body);
      return finish(
        outcome.response.status,
        outcome.response.body,
        { "idempotent-replayed": "true", "original-request": outcome.response.requestId },
        true,
      );
    } catch (error) {
      if (error instanceof ApiError) return fail(error);
      throw error;
    }
  }

  async function handlePay(req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
    const method = req.method ?? "GET";
    const requestId = newId("req");
    const json = wantsJson(req, url.searchParams);
    const respond = (status: number, html: string, value: unknown, extra: Record<string, string> = {}) => {
      log(method, url.pathname, null, status, requestId);
      if (json) sendJson(res, status, value, extra);
      else send(res, status, html, { "content-type": "text/html; charset=utf-8", ...extra });
    };
    const match = /^\/pay\/([^/]+)\/?$/.exec(url.pathname);
    const pi = match ? core.state.paymentIntents.get(decodeURIComponent(match[1] as string)) : undefined;
    if (!pi) {
      const message = "No such payment.";
      return respond(404, `<!doctype html><title>Not found</title><p>${message}</p>`, {
        error: { type: "invalid_request_error", code: "resource_missing", message },
      });
    }
    if (method === "GET") return respond(200, renderPaymentPage(pi), { payment_intent: snapshot(pi) });
    if (method !== "POST")
      return respond(
        405,
        "<p>Method not allowed</p>",
        { error: { message: "Method not allowed" } },
        { allow: "GET, POST" },
      );
    // Form fields (an HTML form post) and query parameters both count.
    const input = { ...parseForm(url.search.slice(1)), ...parseForm(body) };
    const outcome = completePayment(core, pi, input);
    const current = core.state.paymentIntents.get(pi.id) ?? pi;
    const location = outcome.paymentIntent && outcome.status !== 400 ? returnLocation(core, current) : null;
    if (!json && location) {
      log(method, url.pathname, null, 303, requestId);
      return send(res, 303, "", { location });
    }
    return respond(outcome.status, renderPaymentPage(current, outcome), {
      payment_intent: outcome.paymentIntent,
      error: outcome.error,
    });
  }

  /** GET/POST /c/pay/:cs_id: the hosted Checkout page (checkout-page.ts). */
  function handleCheckout(req: IncomingMessage, res: ServerResponse, url: URL, body: string): void {
    const method = req.method ?? "GET";
    const match = /^\/c\/pay\/([^/]+)\/?$/.exec(url.pathname);
    if (method !== "GET" && method !== "POST")
      return sendJson(res, 405, { error: { message: "Method not allowed" } }, { allow: "GET, POST" });
    const input = { ...parseForm(url.search.slice(1)), ...parseForm(body) };
    const result = handleCheckoutPage(core, method, match ? decodeURIComponent(match[1] as string) : "", input);
    log(method, url.pathname, null, result.status, newId("req"));
    if (wantsJson(req, url.searchParams)) return sendJson(res, result.status, result.json);
    if (result.location) return send(res, 303, "", { location: result.location });
    send(res, result.status, result.html, { "content-type": "text/html; charset=utf-8" });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      let body = "";
      try {
        body = await readBody(req);
      } catch (error) {
        const status = error instanceof BodyTooLarge ? 413 : 400;
        return sendJson(res, status, { error: { type: "invalid_request_error", message: (error as Error).message } });
      }
      const path = url.pathname;
      if (path.startsWith("/v1/")) return handleApi(req, res, url, body);
      if (path.startsWith("/pay/")) return handlePay(req, res, url, body);
      if (path.startsWith("/c/pay/")) return handleCheckout(req, res, url, body);
      if (path === "/_control" || path.startsWith("/_control/")) {
        const result = await handleControl(standIn, summary, req.method ?? "GET", path, body);
        return sendJson(res, result.status, result.body);
      }
      if (path === "/" || path === "/health")
        return sendJson(res, 200, { ok: true, service: "stripe-stand-in", url: core.baseUrl });
      return sendJson(res, 404, {
        error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method}: ${path}).` },
      });
    })().catch((error: unknown) => {
      // A bug in the stand-in: answer like Stripe's 500 so the SDK surfaces it, and say what broke.
      sendJson(res, 500, {
        error: {
          type: "api_error",
          message: `Stripe stand-in internal error: ${(error as Error)?.stack ?? String(error)}`,
        },
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: options.port ?? 0, host: "127.0.0.1" }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  core.baseUrl = `http://127.0.0.1:${port}`;

  const summary = () => ({
    url: core.baseUrl,
    webhook: { url: webhooks.targetUrl, paused: webhooks.isPaused, held: webhooks.heldCount },
    counts: {
      customers: core.state.customers.size,
      paymentMethods: core.state.paymentMethods.size,
      paymentIntents: core.state.paymentIntents.size,
      charges: core.state.charges.size,
      refunds: core.state.refunds.size,
      checkoutSessions: core.state.checkoutSessions.size,
      events: core.state.events.length,
      requests: core.state.requests.length,
    },
  });

  let closing: Promise<void> | undefined;
  const standIn: StripeStandIn = {
    url: core.baseUrl,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        webhooks.close();
        server.close(() => resolve());
        // Keep-alive sockets (stripe-node pools them) would hold close() open.
        server.closeAllConnections();
      });
      return closing;
    },
    events: () => core.state.events.map((stored) => snapshot(stored.event)),
    deliveries: () => webhooks.deliveries(),
    pauseWebhooks: () => webhooks.pause(),
    resumeWebhooks: (resumeOptions) => webhooks.resume(resumeOptions),
    redeliver(eventId, redeliverOptions) {
      const stored = core.state.eventsById.get(eventId);
      if (!stored) return Promise.reject(new StandInUsageError(`no such event: ${eventId}`));
      return webhooks.redeliver(stored, redeliverOptions);
    },
    setWebhook: (target) => webhooks.setTarget(target),
    webhooksIdle: () => webhooks.idle(),
    delay(match, ms) {
      if (ms > 0) delays.set(match, ms);
      else delays.delete(match);
    },
    reset() {
      delays.clear();
      core.state.clear();
      webhooks.reset();
      idempotency.clear();
    },
    paymentIntents: () => [...core.state.paymentIntents.values()].map(snapshot),
    checkoutSessions: () => [...core.state.checkoutSessions.values()].map(snapshot),
    requests: () => core.state.requests.map((entry) => ({ ...entry })),
    paymentPageUrl: (id) => core.paymentPageUrl(id),
  };
  return standIn;
}
