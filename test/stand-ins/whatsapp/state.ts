// In-memory state of the WhatsApp stand-in.
import { MediaFiles } from "../media-files.js";

export interface RecordedSend {
  phoneNumberId: string;
  /** The Graph version in the path ("v21.0"), if any. */
  version?: string;
  /** The request body as sent. */
  message: Record<string, unknown>;
  status: number;
  ok: boolean;
  /** The wamid given to an accepted message. */
  wamid?: string;
  /** Graph error `message` and `error_data.details` of a refused one. */
  error?: string;
  at: number;
}

export interface WebhookTarget {
  url: string;
  appSecret: string;
}

export interface WebhookDelivery {
  url: string;
  /** What the body carried: "text", "interactive", "image", "statuses", "raw", … */
  kind: string;
  /** 0 when the webhook could not be reached. */
  status: number;
  ok: boolean;
  body?: string;
  error?: string;
  tamper?: Tamper;
  at: number;
}

export type Tamper = "signature" | "body" | "missing";

export interface InjectedFailure {
  remaining: number;
  status: number;
  code: number;
  message: string;
  retryAfter?: number;
}

export class WhatsAppState {
  sends: RecordedSend[] = [];
  deliveries: WebhookDelivery[] = [];
  failures: InjectedFailure[] = [];
  webhook: WebhookTarget | null = null;
  nextInbound = 1;
  /** Images the shopper sent, by media id: GET /<media-id> and its download URL. */
  media = new MediaFiles();

  takeFailure(): InjectedFailure | undefined {
    const failure = this.failures.find((f) => f.remaining > 0);
    if (!failure) return undefined;
    failure.remaining--;
    this.failures = this.failures.filter((f) => f.remaining > 0);
    return failure;
  }

  /** Drops everything but the webhook target. */
  clear(): void {
    this.sends = [];
    this.deliveries = [];
    this.failures = [];
    this.media.clear();
  }
}
