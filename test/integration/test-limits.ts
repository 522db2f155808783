// Every test request comes from one address and a few users; the limits
// themselves are tested with their defaults in limits-edge.test.ts.
export const TEST_LIMITS = {
  LIMIT_IP: "1000000/60s",
  LIMIT_CHAT_PER_USER: "1000000/60s",
  LIMIT_PROMO_REDEMPTIONS: "1000000/1s",
  LIMIT_CHECKOUT_GLOBAL: "1000000/1s",
} as const;
