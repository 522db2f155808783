import { app } from "./app.js";
import type { Env } from "./env.js";

export { Conversation } from "./objects/conversation.do.js";
export { Promo } from "./objects/promo.do.js";
export { CheckoutSession } from "./objects/checkout-session.do.js";
export { RateLimiter } from "./objects/limiter.do.js";
export { OrderEvents } from "./objects/order-events.do.js";

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
