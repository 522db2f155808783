/**
 * How deeply a request body may nest. No API of ours needs more than a
 * handful of levels; a deeper body is an attack on recursive code (hashing for
 * idempotency, validation) and is refused before anything reads it.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a parsed JSON value nests deeper than `max` levels of arrays and
 * objects. Iterative, so the check itself cannot overflow the stack.
 */
export function jsonTooDeep(value: unknown, max = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}
