// Webhook delivery like Stripe's: POST the event JSON to the endpoint with a
// fresh Stripe-Signature per attempt, retry non-2xx and network errors with a
// short bounded backoff (Stripe retries for days; tests need milliseconds), and
// record every attempt.
//
// Deliveries run one at a time through a single queue by default. Stripe does
// not promise order, but a test can only assert on a disorder it chose: pause
// the queue, then resume in "reverse" or "shuffle" order, duplicated N times,
// or redeliver one event forged in a chosen way. A load test can let new
// events go out `concurrency` at a time, as Stripe sends them (it does not wait
// for one endpoint answer before the next event), so one slow answer does not
// hold every later event back.
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { signStripePayload } from "./signature.js";
import type { StoredEvent } from "./state.js";

export interface WebhookTarget {
  url: string;
  /** The endpoint's signing secret, `whsec_…`. */
  secret: string;
}

export interface RetryPolicy {
  /** Attempts per delivery, first one included. Default 3. */
  tries: number;
  /** Wait before the 2nd attempt; doubles each time. Default 50 ms. */
  initialDelayMs: number;
  /** Cap on the wait between attempts. Default 200 ms. */
  maxDelayMs: number;
  /** Per-attempt timeout. Default 5000 ms. */
  timeoutMs: number;
  /** New events delivered at once (retries included); held, resumed and redelivered ones stay one at a time. Default 1. */
  concurrency: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  tries: 3,
  initialDelayMs: 50,
  maxDelayMs: 200,
  timeoutMs: 5000,
  concurrency: 1,
};

/**
 * - `signature`: v1 computed with a different secret (a forgery);
 * - `timestamp-old`: correctly signed, but `t` is 10 minutes old (a replay,
 *   outside stripe-node's default 300 s tolerance);
 * - `body`: the body is altered after signing (amount changed, or a field
 *   added), the header is the original one.
 */
export type Tamper = "signature" | "timestamp-old" | "body";

export interface WebhookDelivery {
  eventId: string;
  type: string;
  /** 1-based attempt number within one delivery (retries increment it). */
  attempt: number;
  /** HTTP status the endpoint answered; 0 when it could not be reached. */
  status: number;
  ok: boolean;
  error?: string;
  /** Epoch milliseconds when the attempt finished. */
  at: number;
  url: string;
  tamper?: Tamper;
}

export interface ResumeOptions {
  order?: "as-is" | "reverse" | "shuffle";
  /** Deliver each held event this many times in a row. Default 1. */
  duplicate?: number;
  /** Seed for "shuffle", so a failing order can be replayed. */
  seed?: number;
}

export interface RedeliverOptions {
  times?: number;
  tamper?: Tamper;
}

const OLD_TIMESTAMP_SECONDS = 600;

/** Misuse of a control method (unknown event, no endpoint): a 400 over /_control. */
export class StandInUsageError extends Error {}

function sleep(ms: number): Promise<void> {
  // unref: a pending retry must not keep a test process alive.
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** Deterministic PRNG (mulberry32) for seeded shuffles. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tamperBody(payload: string): string {
  const event = JSON.parse(payload) as { data?: { object?: { amount?: unknown } }; tampered?: boolean };
  const object = event.data?.object;
  if (object && typeof object.amount === "number") object.amount += 100;
  else event.tampered = true;
  return JSON.stringify(event, null, 2);
}

interface Attempt {
  status: number;
  error?: string;
}

function post(url: string, body: string, signature: string, timeoutMs: number): Promise<Attempt> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ status: 0, error: `invalid webhook URL: ${url}` });
      return;
    }
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: "POST",
        // A fresh connection per attempt: no keep-alive socket outlives a test's receiver.
        agent: false,
        headers: {
          "content-type": "application/json; charset=utf-8",
          "content-length": Buffer.byteLength(body),
          "stripe-signature": signature,
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          connection: "close",
        },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
        res.on("error", (err) => resolve({ status: res.statusCode ?? 0, error: err.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on("error", (err) => resolve({ status: 0, error: err.message }));
    req.end(body);
  });
}

export class WebhookDispatcher {
  private target: WebhookTarget | null;
  private paused = false;
  private held: StoredEvent[] = [];
  private log: WebhookDelivery[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  /** Concurrent deliveries of new events (concurrency > 1): running, and waiting for a free slot. */
  private running = new Set<Promise<unknown>>();
  private active = 0;
  private slots: (() => void)[] = [];
  /** Bumped by reset()/close(): queued work from an older generation is dropped. */
  private generation = 0;
  private closed = false;

  constructor(
    target: WebhookTarget | undefined,
    private readonly retry: RetryPolicy,
    /** Called after a successful untampered delivery (pending_webhooks → 0). */
    private readonly onDelivered: (eventId: string) => void,
  ) {
    this.target = target ?? null;
  }

  get hasTarget(): boolean {
    return this.target !== null;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get heldCount(): number {
    return this.held.length;
  }

  get targetUrl(): string | null {
    return this.target?.url ?? null;
  }

  setTarget(target: WebhookTarget | null): void {
    this.target = target;
  }

  deliveries(): WebhookDelivery[] {
    return this.log.map((d) => ({ ...d }));
  }

  /** A new event: held while paused, otherwise queued for delivery. */
  enqueue(stored: StoredEvent): void {
    if (this.closed) return;
    if (this.paused) {
      this.held.push(stored);
      return;
    }
    if (!this.target) return;
    if (this.retry.concurrency > 1) void this.alongside(() => this.deliver(stored, this.retry.tries));
    else void this.schedule(() => this.deliver(stored, this.retry.tries));
  }

  pause(): void {
    this.paused = true;
  }

  /** Unpauses and delivers what was held; resolves once those deliveries are done. */
  resume(options: ResumeOptions = {}): Promise<WebhookDelivery[]> {
    this.paused = false;
    let batch = this.held;
    this.held = [];
    if (options.order === "reverse") batch = [...batch].reverse();
    if (options.order === "shuffle") {
      const next = random(options.seed ?? Date.now());
      batch = [...batch];
      for (let i = batch.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [batch[i], batch[j]] = [batch[j] as StoredEvent, batch[i] as StoredEvent];
      }
    }
    const copies = Math.max(1, Math.floor(options.duplicate ?? 1));
    return this.schedule(async () => {
      const made: WebhookDelivery[] = [];
      for (const stored of batch) {
        for (let i = 0; i < copies; i++) made.push(...(await this.deliver(stored, this.retry.tries)));
      }
      return made;
    });
  }

  /** Sends an already-created event again, possibly forged; resolves with the attempts made. */
  redeliver(stored: StoredEvent, options: RedeliverOptions = {}): Promise<WebhookDelivery[]> {
    if (!this.target) return Promise.reject(new StandInUsageError("no webhook endpoint configured (setWebhook first)"));
    const times = Math.max(1, Math.floor(options.times ?? 1));
    return this.schedule(async () => {
      const made: WebhookDelivery[] = [];
      // A forged delivery is expected to be refused: one attempt, no retries.
      const tries = options.tamper ? 1 : this.retry.tries;
      for (let i = 0; i < times; i++) made.push(...(await this.deliver(stored, tries, options.tamper)));
      return made;
    });
  }

  /** Resolves when every queued delivery (including retries) has finished. */
  async idle(): Promise<void> {
    let tail: Promise<unknown>;
    do {
      tail = this.queue;
      await tail;
      while (this.running.size > 0) await Promise.all([...this.running]);
    } while (tail !== this.queue);
  }

  /** Drops held events and the delivery log; unpauses. The target is configuration and stays. */
  reset(): void {
    this.generation++;
    this.paused = false;
    this.held = [];
    this.log = [];
  }

  close(): void {
    this.closed = true;
    this.generation++;
    this.held = [];
  }

  private schedule<T>(job: () => Promise<T>): Promise<T> {
    const generation = this.generation;
    const run = this.queue.then(() => (generation === this.generation ? job() : ([] as unknown as T)));
    // The queue itself never rejects, so one failed job cannot stall the rest.
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Runs `job` once fewer than `concurrency` such jobs are active; never rejects. */
  private async alongside(job: () => Promise<unknown>): Promise<void> {
    const generation = this.generation;
    const turn = (async () => {
      // A finished job hands its slot straight to the next waiting one.
      if (this.active >= this.retry.concurrency) await new Promise<void>((go) => this.slots.push(go));
      else this.active++;
      try {
        if (generation === this.generation) await job();
      } catch {
        // Recorded as a failed attempt; one job must not stop the others.
      } finally {
        const next = this.slots.shift();
        if (next) next();
        else this.active--;
      }
    })();
    // Tracked from the start, so idle() also waits for jobs still waiting for a slot.
    this.running.add(turn);
    await turn;
    this.running.delete(turn);
  }

  /** One delivery of one event: up to `tries` attempts with backoff. */
  private async deliver(stored: StoredEvent, tries: number, tamper?: Tamper): Promise<WebhookDelivery[]> {
    const generation = this.generation;
    const made: WebhookDelivery[] = [];
    const attempts = Math.max(1, tries);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const target = this.target;
      if (!target || generation !== this.generation) break;
      const delivery = await this.attempt(stored, target, attempt, tamper);
      if (generation !== this.generation) break;
      this.log.push(delivery);
      made.push(delivery);
      if (delivery.ok) {
        if (!tamper) this.onDelivered(stored.event.id);
        break;
      }
      if (attempt < attempts) {
        await sleep(Math.min(this.retry.initialDelayMs * 2 ** (attempt - 1), this.retry.maxDelayMs));
      }
    }
    return made;
  }

  private async attempt(
    stored: StoredEvent,
    target: WebhookTarget,
    attempt: number,
    tamper?: Tamper,
  ): Promise<WebhookDelivery> {
    const now = Math.floor(Date.now() / 1000);
    let body = stored.payload;
    let signature = signStripePayload(body, target.secret, now);
    if (tamper === "signature") signature = signStripePayload(body, `${target.secret}_forged`, now);
    if (tamper === "timestamp-old") signature = signStripePayload(body, target.secret, now - OLD_TIMESTAMP_SECONDS);
    if (tamper === "body") body = tamperBody(body);
    const result = await post(target.url, body, signature, this.retry.timeoutMs);
    const delivery: WebhookDelivery = {
      eventId: stored.event.id,
      type: stored.event.type,
      attempt,
      status: result.status,
      ok: result.status >= 200 && result.status < 300,
      at: Date.now(),
      url: target.url,
    };
    if (result.error) delivery.error = result.error;
    if (tamper) delivery.tamper = tamper;
    return delivery;
  }
}
