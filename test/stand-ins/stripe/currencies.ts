// Currency rules the API enforces before it ever talks to a card network.
// Minimums from https://docs.stripe.com/currencies#minimum-and-maximum-charge-amounts
// (in minor units); other currencies fall back to 50.

import { parameterError } from "./errors.js";

export const ZERO_DECIMAL = new Set([
  "bif",
  "clp",
  "djf",
  "gnf",
  "jpy",
  "kmf",
  "krw",
  "mga",
  "pyg",
  "rwf",
  "ugx",
  "vnd",
  "vuv",
  "xaf",
  "xof",
  "xpf",
]);

const MINIMUM: Record<string, number> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};

const SYMBOL: Record<string, string> = { usd: "$", eur: "€", gbp: "£", jpy: "¥", aud: "A$", cad: "CA$" };

/** Largest amount Stripe accepts for most currencies: 99,999,999 minor units. */
export const MAXIMUM_AMOUNT = 99_999_999;

export function formatMinor(amount: number, currency: string): string {
  const symbol = SYMBOL[currency] ?? "";
  if (ZERO_DECIMAL.has(currency)) return `${symbol}${amount.toLocaleString("en-US")}`;
  const major = (amount / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${symbol}${major}`;
}

export function parseCurrency(value: string, param = "currency"): string {
  const currency = value.toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) {
    throw parameterError(
      `Invalid currency: ${value}. Stripe currently supports these currencies: usd, eur, gbp, … (three-letter ISO codes).`,
      "parameter_invalid_string",
      param,
    );
  }
  return currency;
}

/** Stripe's `amount_too_small` / `amount_too_large` checks for a charge amount. */
export function checkChargeAmount(amount: number, currency: string, param = "amount"): void {
  if (amount < 1) {
    throw parameterError("This value must be greater than or equal to 1.", "parameter_invalid_integer", param);
  }
  const minimum = MINIMUM[currency] ?? 50;
  if (amount < minimum) {
    throw parameterError(
      `Amount must be at least ${formatMinor(minimum, currency)} ${currency}`,
      "amount_too_small",
      param,
    );
  }
  if (amount > MAXIMUM_AMOUNT) {
    throw parameterError(
      `Amount must be no more than ${formatMinor(MAXIMUM_AMOUNT, currency)}`,
      "amount_too_large",
      param,
    );
  }
}
