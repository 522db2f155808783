const encoder = new TextEncoder();

/**
 * Compares two secrets without an early exit, so the time taken does not
 * reveal how many leading bytes matched. The length difference is folded into
 * the result instead of returning early; only the length itself can leak,
 * and header secrets have a fixed, public length anyway.
 */
export function timingSafeEqualStrings(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const length = Math.max(x.length, y.length);
  let diff = x.length ^ y.length;
  for (let i = 0; i < length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}
