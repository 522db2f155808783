// Object ids shaped like Stripe's: a type prefix, an underscore and 24
// base62 characters (`pi_3Qx…`). Random, so ids never collide across resets or
// between stand-in instances in one test run.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomBase62(length: number): string {
  const bytes = randomBytes(length * 2);
  let out = "";
  for (let i = 0; out.length < length && i < bytes.length; i++) {
    const byte = bytes[i] as number;
    // 248 = 4 * 62: drop the top of the byte range so every character is equally likely.
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return out.length === length ? out : out + randomBase62(length - out.length);
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBase62(24)}`;
}

/** Unix seconds, the unit of every Stripe `created` field and of Stripe-Signature's `t`. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
