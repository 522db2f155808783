import type { TurnContext } from "./context.js";
import { payload } from "./payloads.js";
import { CART_LIMITS } from "../commerce/cart-limits.js";

const CODE = /^[A-Z0-9_-]{1,32}$/;

/** Adds a code to the cart. Whether it applies is decided by pricing afterwards, and reported then. */
export function applyPromotion(raw: string, ctx: TurnContext): string | null {
  const code = raw.trim().toUpperCase();
  if (!CODE.test(code)) {
    ctx.say("That doesn't look like a promo code (letters, digits, - and _ only).");
    return null;
  }
  if (ctx.state.codes.includes(code)) {
    ctx.say(`${code} is already on your cart.`);
    return code;
  }
  if (ctx.state.codes.length >= CART_LIMITS.maxCodes) {
    ctx.say(`You can try at most ${CART_LIMITS.maxCodes} codes at once. Remove one first.`);
    ctx.reply.offer(ctx.state.codes.map((c) => ({ label: `Remove ${c}`, payload: payload.removeCode(c) })));
    return null;
  }
  ctx.update({ codes: [...ctx.state.codes, code] });
  return code;
}

export function removePromotion(raw: string, ctx: TurnContext): void {
  const code = raw.trim().toUpperCase();
  if (!ctx.state.codes.includes(code)) return void ctx.say(`${code} isn't on your cart.`);
  ctx.update({ codes: ctx.state.codes.filter((c) => c !== code) });
  ctx.say(`Removed the code ${code}.`);
}
