/**
 * Display formatting for shopper-facing messages. Pure: Intl is data, and
 * instants are passed in, never read from the clock.
 */
import { MoneyError } from "./money.js";
import type { CurrencyCode } from "./types.js";

/**
 * Minor units rendered as a currency string.
 *
 * The amount reaches Intl as an exact decimal string ("1250" cents → "12.50"),
 * not as `amount / 100`: a float quotient could mis-render huge amounts, and
 * docs/ARCHITECTURE.md invariant 1 keeps floats away from prices even for display.
 * The number of minor digits comes from Intl (USD 2, JPY 0, KWD 3).
 *
 * @example formatMoney(1250, "USD") // "$12.50"
 * @example formatMoney(500, "JPY")  // "¥500"
 */
export function formatMoney(amount: number, currency: CurrencyCode, locale = "en-US"): string {
  if (!Number.isSafeInteger(amount)) {
    throw new MoneyError("invalid_amount", `Amount must be a safe integer, got ${String(amount)}`);
  }
  const formatter = new Intl.NumberFormat(locale, { style: "currency", currency });
  const digits = formatter.resolvedOptions().maximumFractionDigits ?? 2;
  return formatter.format(toDecimalString(amount, digits));
}

/** "12.50"-style string for `amount` minor units with `digits` decimals. */
function toDecimalString(amount: number, digits: number): `${number}` {
  const sign = amount < 0 ? "-" : "";
  const abs = String(Math.abs(amount)).padStart(digits + 1, "0");
  if (digits === 0) return `${sign}${abs}` as `${number}`;
  const whole = abs.slice(0, abs.length - digits);
  const fraction = abs.slice(abs.length - digits);
  return `${sign}${whole}.${fraction}` as `${number}`;
}

/**
 * An instant as words, e.g. "December 1, 2025 at 3:00 PM UTC". UTC by
 * default because the core has no shop time zone; naming the zone keeps a
 * flash promo's end time unambiguous for a shopper anywhere.
 */
export function formatInstant(epochMs: number, locale = "en-US", timeZone = "UTC"): string {
  return (
    new Intl.DateTimeFormat(locale, {
      dateStyle: "long",
      timeStyle: "short",
      timeZone,
    }).format(new Date(epochMs)) + (timeZone === "UTC" ? " UTC" : "")
  );
}
