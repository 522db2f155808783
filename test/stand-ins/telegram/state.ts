// In-memory state of the Telegram stand-in: the calls it received, the
// messages the bot sent (with their current keyboards), the webhook, the
// callback queries it issued and the failures it was told to inject.
import { MediaFiles } from "../media-files.js";

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
  [key: string]: unknown;
}

export interface InlineKeyboard {
  inline_keyboard: InlineButton[][];
}

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** HTTP status of the answer. */
  status: number;
  ok: boolean;
  description?: string;
  at: number;
}

/** A message the bot sent, as it is now (after edits). */
export interface BotMessage {
  chatId: number;
  messageId: number;
  date: number;
  /** An invoice's title, for an invoice message. */
  text: string;
  replyMarkup?: InlineKeyboard;
  editDate?: number;
  /** Set for a sendInvoice message: what Telegram's payment form shows and charges. */
  invoice?: SentInvoice;
}

export interface SentInvoice {
  title: string;
  description: string;
  payload: string;
  providerToken: string;
  currency: string;
  prices: { label: string; amount: number }[];
  /** Σ prices: what the payment form charges. */
  totalAmount: number;
  startParameter?: string;
}

/** A pre_checkout_query the stand-in sent for an invoice, and the bot's answer. */
export interface PreCheckoutRecord {
  id: string;
  chatId: number;
  messageId: number;
  fromId: number;
  currency: string;
  totalAmount: number;
  payload: string;
  answered: boolean;
  ok?: boolean;
  errorMessage?: string;
  /** Set once the payment went through (a successful_payment was built for it). */
  telegramChargeId?: string;
}

export interface WebhookConfig {
  url: string;
  secretToken?: string;
  allowedUpdates?: string[];
  maxConnections: number;
}

export interface UpdateDelivery {
  updateId: number;
  kind: string;
  url: string;
  /** 0 when the webhook could not be reached. */
  status: number;
  ok: boolean;
  /** The answer body, cut to 2000 characters. */
  body?: string;
  error?: string;
  /** The secret header sent, when it was not the configured one (a forged delivery). */
  forgedSecret?: string | null;
  at: number;
}

export interface InjectedFailure {
  remaining: number;
  /** Only calls of this method fail; all methods when unset. */
  method?: string;
  status: number;
  description: string;
  retryAfter?: number;
}

export interface CallbackQueryRecord {
  id: string;
  chatId: number;
  messageId: number;
  data: string;
  fromId: number;
  answered: boolean;
  answerText?: string;
}

export class TelegramState {
  calls: RecordedCall[] = [];
  messages = new Map<string, BotMessage>();
  /** Next message id per chat: shopper and bot messages share one sequence, as in Telegram. */
  nextMessageId = new Map<number, number>();
  webhook: WebhookConfig | null = null;
  deliveries: UpdateDelivery[] = [];
  callbackQueries = new Map<string, CallbackQueryRecord>();
  preCheckoutQueries = new Map<string, PreCheckoutRecord>();
  nextChargeId = 1;
  failures: InjectedFailure[] = [];
  blockedChats = new Set<number>();
  nextUpdateId = 100_000;
  nextCallbackId = 1;
  /** Files the shopper sent (photos), by file_id, for getFile and /file/bot<token>/<file_path>. */
  files = new MediaFiles();

  messageKey(chatId: number, messageId: number): string {
    return `${chatId}:${messageId}`;
  }

  allocateMessageId(chatId: number): number {
    const id = this.nextMessageId.get(chatId) ?? 1;
    this.nextMessageId.set(chatId, id + 1);
    return id;
  }

  /** The injected failure for this call, consumed, if any. */
  takeFailure(method: string): InjectedFailure | undefined {
    const failure = this.failures.find((f) => f.remaining > 0 && (f.method === undefined || f.method === method));
    if (!failure) return undefined;
    failure.remaining--;
    this.failures = this.failures.filter((f) => f.remaining > 0);
    return failure;
  }

  /** Drops everything but the webhook target. */
  clear(): void {
    this.calls = [];
    this.messages.clear();
    this.nextMessageId.clear();
    this.deliveries = [];
    this.callbackQueries.clear();
    this.preCheckoutQueries.clear();
    this.failures = [];
    this.blockedChats.clear();
    this.files.clear();
  }
}
