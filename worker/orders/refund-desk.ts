import type Stripe from "stripe";
import type { AcceptResult, AfterSalesPort, OfferResult, OrderRef } from "../agent/after-sales-port.js";
import { checkoutSettings } from "../checkout/settings.js";
import { formatMoney } from "../commerce/format.js";
import type { OrderStatus } from "../commerce/order-status.js";
import {
  buildOffer,
  cardWords,
  decideOffer,
  matchLines,
  offerIsLive,
  returnWindowDays,
  type Card,
  type OfferRefusal,
  type RefundOffer,
} from "../commerce/refund-offer.js";
import { randomId } from "../http/crypto.js";
import { isUnreachable, paymentTimeoutMs, stripeClient } from "../payments/stripe-client.js";
import { releaseAll } from "./promotion-reservations.js";
import { retrieveIntent } from "./reconcile.js";
import {
  claimRefund,
  closeOffer,
  completeRefund,
  dropClaim,
  getOffer,
  liveOffer,
  loadRefundable,
  saveOffer,
  shopperOrders,
  type RefundableRecord,
} from "./refund-repo.js";
import { notifyConversation, settle, type SettleEnv } from "./settle.js";
import { getOrder } from "./order-repo.js";

/** The variables only cancels and refunds read (README, "Configuration"). */
export interface RefundEnv {
  /** Days after an order within which a shipped order can be refunded in the chat (default 30). */
  RETURN_WINDOW_DAYS?: string;
  /** "true" = a refund that ends an order gives its promotion units back (default false). */
  PROMO_RELEASE_ON_REFUND?: string;
}

/** The desk settles (settle.ts) and reads its own two variables. */
type RefundDeskEnv = SettleEnv & RefundEnv;

export interface RefundDeskContext {
  env: RefundDeskEnv;
  conversationId: string;
  /** The ShopperKey of this conversation: only their own orders can be offered or changed. */
  customer: string;
  now: number;
  /** An order of this conversation changed: the conversation's own record of it follows. */
  onOrderChanged: (orderId: string, status: OrderStatus) => void;
  waitUntil: (p: Promise<unknown>) => void;
}

/**
 * Cancels and refunds for one chat turn (the AfterSalesPort). Like the
 * checkout's quotes (docs/ARCHITECTURE.md invariant 4), an offer acts only
 * when confirmed in a later message by the conversation and shopper it was
 * shown to, while live, and only if the order is still as the offer saw it;
 * the refund goes through Stripe with the offer's id as idempotency key.
 */
export class RefundDesk implements AfterSalesPort {
  /** Offers made in this turn: the shopper has not seen them yet. */
  private readonly issued = new Set<string>();

  constructor(private readonly c: RefundDeskContext) {}

  private money = (n: number, currency: string) => formatMoney(n, currency, this.c.env.SHOP_LOCALE);

  async offer(ref: OrderRef | undefined, items: readonly (readonly string[])[]): Promise<OfferResult> {
    const order = await this.findOrder(ref);
    if (typeof order === "string") return { kind: "refused", text: order };
    let positions: number[] | undefined;
    if (items.length) {
      const matched = matchLines(order.lines, items);
      if (!matched) {
        const names = order.lines.map((l) => l.title).join(", ");
        return {
          kind: "refused",
          text: `Order ${order.id} has nothing called “${items.map((g) => g.join(" ")).join("” or “")}”. It has: ${names}.`,
        };
      }
      positions = matched;
    }
    const card = order.status === "paid" ? await this.cardOf(order) : null;
    const decision = decideOffer(order, positions, this.rules(card));
    if (decision.kind === "refused") return { kind: "refused", text: this.refusal(order, decision.reason) };
    const offer = await buildOffer(decision.content, randomId("rfo", 12), this.c.now, this.ttlMs());
    await saveOffer(this.c.env.DB, offer, this.c.conversationId, this.c.customer);
    this.issued.add(offer.id);
    return { kind: "offer", offer };
  }

  async liveOffer(): Promise<RefundOffer | null> {
    return (await liveOffer(this.c.env.DB, this.c.conversationId, this.c.now))?.offer ?? null;
  }

  async decline(offerId: string | undefined): Promise<boolean> {
    const found = offerId
      ? await this.ownOffer(offerId)
      : await liveOffer(this.c.env.DB, this.c.conversationId, this.c.now);
    return found !== null && (await closeOffer(this.c.env.DB, found.offer.id, "declined"));
  }

  async accept(offerId: string | undefined): Promise<AcceptResult> {
    const found = offerId
      ? await this.ownOffer(offerId)
      : await liveOffer(this.c.env.DB, this.c.conversationId, this.c.now);
    if (!found) return { kind: "refused", text: "I don't know that offer. Tell me which order to cancel or refund." };
    const offer = found.offer;
    if (found.state === "accepted") return { kind: "refused", text: `That's done already: ${this.doneText(offer)}` };
    if (found.state !== "open" || !offerIsLive(offer, this.c.now))
      return {
        kind: "refused",
        text: "That offer is no longer valid, so nothing changed. Ask again (e.g. “cancel my order”) for a fresh one.",
      };
    if (this.issued.has(offer.id)) return { kind: "refused", text: "Please read the offer first, then confirm it." };

    // The order may have moved since the offer (paid, shipped, refunded elsewhere): then the shopper decides again.
    const order = await loadRefundable(this.c.env.DB, offer.orderId);
    if (!order || order.customer !== this.c.customer) return { kind: "refused", text: "I can't find that order." };
    const positions = offer.lines.map((l) => l.position);
    const fresh = decideOffer(
      order,
      order.status === "pending_payment" ? undefined : positions,
      this.rules(offer.card),
    );
    const again =
      fresh.kind === "offer" ? await buildOffer(fresh.content, randomId("rfo", 12), this.c.now, this.ttlMs()) : null;
    if (!again || again.hash !== offer.hash) {
      await closeOffer(this.c.env.DB, offer.id, "voided");
      const why = "Your order changed since I showed you that, so nothing was done.";
      if (fresh.kind === "refused") return { kind: "changed", text: `${why} ${this.refusal(order, fresh.reason)}` };
      await saveOffer(this.c.env.DB, again!, this.c.conversationId, this.c.customer);
      this.issued.add(again!.id);
      return { kind: "changed", text: why, offer: again! };
    }
    return order.status === "pending_payment" ? this.cancelUnpaid(offer) : this.refund(order, offer);
  }

  /** An unpaid order ends as canceled (stock and promotion units back, settle.ts); no money moved. */
  private async cancelUnpaid(offer: RefundOffer): Promise<AcceptResult> {
    const s = await settle(
      this.c.env,
      { type: "canceled", orderId: offer.orderId, paymentIntentId: null },
      { notify: false },
    );
    if (!s.changed) return { kind: "changed", text: "Your order changed just now, so nothing was done. Ask me again." };
    await closeOffer(this.c.env.DB, offer.id, "accepted");
    await this.changed(offer.orderId, "canceled");
    return { kind: "done", text: this.doneText(offer) };
  }

  private async refund(order: RefundableRecord, offer: RefundOffer): Promise<AcceptResult> {
    const { env } = this.c;
    const stripe = stripeClient(env);
    const needsStripe = offer.amount > 0 && order.paymentIntentId !== null && order.paymentIntentId !== "free";
    if (needsStripe && !stripe)
      return { kind: "refused", text: "Refunds aren't set up in this shop, so nothing changed." };
    const claim = await claimRefund(env.DB, { refundId: randomId("rf", 12), order, offer, now: Date.now() });
    if (claim === "changed")
      return { kind: "changed", text: "Your order changed just now, so nothing was done. Ask me again." };
    let stripeRefundId: string | null = null;
    if (needsStripe) {
      try {
        stripeRefundId = (await this.stripeRefund(stripe!, order, offer)).id;
      } catch (err) {
        await dropClaim(env.DB, offer.id);
        if (!isUnreachable(err)) console.error("refund refused by Stripe", err instanceof Error ? err.message : err);
        return {
          kind: "refused",
          text: isUnreachable(err)
            ? "I couldn't reach the payment service, so nothing was refunded or canceled yet. Press the button again in a moment (it is safe: you will be refunded once)."
            : "The payment service turned the refund down, so nothing changed. Please contact the shop.",
        };
      }
    }
    await completeRefund(env.DB, { offer, stripeRefundId, now: Date.now() });
    if (offer.closesOrder) {
      if (env.PROMO_RELEASE_ON_REFUND === "true") await releaseAll(env, order.id, order.promoCodes, "refunded", true);
      await this.changed(order.id, "refunded");
    }
    return { kind: "done", text: this.doneText(offer) };
  }

  private stripeRefund(stripe: Stripe, order: RefundableRecord, offer: RefundOffer): Promise<Stripe.Refund> {
    return stripe.refunds.create(
      {
        payment_intent: order.paymentIntentId!,
        amount: offer.amount,
        reason: "requested_by_customer",
        metadata: { order_id: order.id, refund_offer_id: offer.id },
      },
      // The offer's id: a retry after a timeout is the same refund, never a second one.
      { idempotencyKey: `refund-${offer.id}`, maxNetworkRetries: 0, timeout: paymentTimeoutMs(this.c.env) },
    );
  }

  /**
   * The hook for an order an after-sales step changed: this conversation's own
   * record follows at once; an order placed in another conversation (or an ACP
   * session) is told there. ACP order events (canceled / refunded) go out from here.
   */
  private async changed(orderId: string, status: OrderStatus): Promise<void> {
    const order = await getOrder(this.c.env.DB, orderId);
    if (!order) return;
    if (order.conversationId === this.c.conversationId) this.c.onOrderChanged(orderId, status);
    else this.c.waitUntil(notifyConversation(this.c.env, order));
  }

  /** "my order" is the newest that can still be canceled or refunded; "order 3" the third newest. */
  private async findOrder(ref: OrderRef | undefined): Promise<RefundableRecord | string> {
    const db = this.c.env.DB;
    const none = "I can't find an order of yours to cancel or refund.";
    let id: string | undefined;
    if (ref?.kind === "id") id = ref.id;
    else {
      const mine = await shopperOrders(db, this.c.customer);
      if (ref?.kind === "position") {
        id = mine[ref.n - 1]?.id;
        if (!id)
          return mine.length ? `You have ${mine.length} order${mine.length === 1 ? "" : "s"}, not ${ref.n}.` : none;
      } else id = (mine.find((o) => o.status === "paid" || o.status === "pending_payment") ?? mine[0])?.id;
    }
    const order = id ? await loadRefundable(db, id) : null;
    // Another shopper's order reads exactly like no order: its id tells a stranger nothing.
    if (!order || order.customer !== this.c.customer) return none;
    return order;
  }

  /** The card of the order's payment, as Stripe recorded it; null when it cannot be known now (never made up). */
  private async cardOf(order: RefundableRecord): Promise<Card | null> {
    const stripe = stripeClient(this.c.env);
    if (!stripe || !order.paymentIntentId || order.paymentIntentId === "free") return null;
    try {
      const pi = await retrieveIntent(stripe, order.paymentIntentId, {
        maxNetworkRetries: 0,
        timeout: paymentTimeoutMs(this.c.env),
      });
      const charge = pi?.latest_charge;
      const card = typeof charge === "object" && charge ? charge.payment_method_details?.card : null;
      return card?.brand && card.last4 ? { brand: card.brand, last4: card.last4 } : null;
    } catch {
      return null;
    }
  }

  /** Only an offer of this conversation and this shopper: another's id reads as unknown. */
  private async ownOffer(id: string) {
    const found = await getOffer(this.c.env.DB, id);
    return found && found.conversationId === this.c.conversationId && found.customer === this.c.customer ? found : null;
  }

  private rules(card: Card | null) {
    return { now: this.c.now, returnWindowDays: returnWindowDays(this.c.env.RETURN_WINDOW_DAYS), card };
  }

  private ttlMs(): number {
    return checkoutSettings(this.c.env).quoteTtlMs;
  }

  private refusal(order: RefundableRecord, reason: OfferRefusal): string {
    switch (reason) {
      case "already_refunded":
        return `Order ${order.id} has already been refunded${order.status === "refunded" ? "" : " for those items"}, so there is nothing more to refund.`;
      case "window_closed":
        return `Sorry, order ${order.id} was placed more than ${returnWindowDays(this.c.env.RETURN_WINDOW_DAYS)} days ago, past our return window, so it can't be refunded in the chat.`;
      case "partial_unpaid":
        return `Order ${order.id} isn't paid yet, so it can only be canceled as a whole. Say “cancel my order” for that.`;
      case "no_such_line":
        return `Order ${order.id} has no such item.`;
      case "not_open":
        return `Order ${order.id} is ${order.status.replace("_", " ")}: there is nothing to cancel or refund.`;
    }
  }

  private doneText(o: RefundOffer): string {
    const m = this.money(o.amount, o.currency);
    if (o.amount === 0) return `Order ${o.orderId} is canceled. Nothing was charged.`;
    const what = o.action === "cancel" ? `Order ${o.orderId} is canceled` : `Refund for order ${o.orderId} is done`;
    return `${what}: ${m} is on its way back to ${cardWords(o.card)} (banks usually take 5–10 days).`;
  }
}
