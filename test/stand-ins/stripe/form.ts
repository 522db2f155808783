// Stripe's v1 API takes application/x-www-form-urlencoded bodies (and GET query
// strings) with bracket notation: `metadata[order_id]=42`,
// `payment_method_types[0]=card`, `expand[]=latest_charge`. stripe-node encodes
// nested params this way, so the stand-in must decode them back into a tree
// before it can validate anything.

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

// Built with null-prototype objects so a key like `__proto__` or `constructor`
// is just data, never a prototype write.
type Tree = { [key: string]: Tree | string };

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, " "));
  } catch {
    // Malformed %-escapes: keep the raw text rather than failing the request;
    // validation further on reports the odd value with its parameter name.
    return part;
  }
}

/** Splits `a[b][0][]` into ["a", "b", "0", ""]. */
function keyPath(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const path = [key.slice(0, open)];
  const rest = key.slice(open);
  const segment = /\[([^\]]*)\]/g;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = segment.exec(rest)) !== null) {
    if (match.index !== consumed) break;
    path.push(match[1] ?? "");
    consumed = match.index + match[0].length;
  }
  // Anything after the last well-formed bracket is kept verbatim in the last
  // segment, so `a[b]x` does not silently become `a[b]`.
  if (consumed < rest.length) path[path.length - 1] += rest.slice(consumed);
  return path;
}

function toValue(node: Tree | string): FormValue {
  if (typeof node === "string") return node;
  const keys = Object.keys(node);
  // Objects whose keys are exactly 0..n-1 are arrays (`payment_method_types[0]`).
  const isArray =
    keys.length > 0 &&
    keys.every((k) => /^(0|[1-9]\d*)$/.test(k)) &&
    keys
      .map(Number)
      .sort((a, b) => a - b)
      .every((n, i) => n === i);
  if (isArray) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((i) => toValue(node[String(i)] as Tree | string));
  }
  return Object.fromEntries(keys.map((k) => [k, toValue(node[k] as Tree | string)]));
}

/** Parses a form-encoded body or query string (without the leading `?`). */
export function parseForm(text: string): FormObject {
  const root: Tree = Object.create(null);
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? "" : decode(pair.slice(eq + 1));
    const path = keyPath(decode(rawKey));
    let node: Tree = root;
    for (let i = 0; i < path.length; i++) {
      let segment = path[i] as string;
      const last = i === path.length - 1;
      // `[]` appends: its index is the number of entries already there.
      if (segment === "" && i > 0) segment = String(Object.keys(node).length);
      if (last) {
        node[segment] = value;
      } else {
        const next = node[segment];
        if (next === undefined || typeof next === "string") {
          const child: Tree = Object.create(null);
          node[segment] = child;
          node = child;
        } else {
          node = next;
        }
      }
    }
  }
  return toValue(root) as FormObject;
}

/**
 * JSON with object keys sorted at every level: two requests carry "the same
 * parameters" (idempotency) when their canonical forms are equal, whatever
 * order the client wrote the fields in.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}
