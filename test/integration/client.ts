import { SELF } from "cloudflare:test";
import { sign } from "hono/jwt";

export const BASE = "http://shop.test";
export const JWT_SECRET = "test-storefront-secret-0123456789abcdef";

let counter = 0;
/** A fresh, unguessable-looking conversation id per call (storage is shared within a file). */
export function conversationId(label = "c"): string {
  counter += 1;
  return `${label}-${crypto.randomUUID()}-${counter}`;
}

export async function tokenFor(sub: string, secret = JWT_SECRET): Promise<string> {
  return sign({ sub, exp: Math.floor(Date.now() / 1000) + 3600 }, secret, "HS256");
}

export interface ChatBody {
  conversation_id: string;
  message_id: string;
  reply: {
    text: string;
    buttons: { label: string; payload: string }[];
    products?: { id: string; title: string; price_from: number }[];
  };
  cart: {
    lines: {
      sku: string;
      product_id: string;
      title: string;
      options: { color: string | null; size: string | null };
      quantity: number;
      unit_amount: number;
      line_total: number;
    }[];
    promo_codes: string[];
    discounts: { code: string; amount: number }[];
    rejected_codes: { code: string; reason: string; message: string }[];
    subtotal: number;
    discount_total: number;
    total: number;
    currency: string;
  };
}

export async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return SELF.fetch(`${BASE}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** One shopper in one conversation; every say() uses a new message id. */
export class Shopper {
  private n = 0;
  constructor(
    readonly conversation = conversationId(),
    private readonly token?: string,
  ) {}

  headers(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  async send(message: { text?: string; button?: string }, messageId = `m-${++this.n}`): Promise<Response> {
    return post("/v1/chat", { conversation_id: this.conversation, message_id: messageId, ...message }, this.headers());
  }

  async say(text: string): Promise<ChatBody> {
    return this.ok(await this.send({ text }));
  }

  async press(button: string): Promise<ChatBody> {
    return this.ok(await this.send({ button }));
  }

  private async ok(res: Response): Promise<ChatBody> {
    if (res.status !== 200) throw new Error(`chat answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as ChatBody;
  }
}
