/**
 * The key a client address is counted under. IPv4: the address. IPv6: its /64
 * prefix, because one subscriber is routinely handed a whole /64 and can
 * rotate through 2^64 addresses in it; counting each address would give every
 * one of them a fresh budget. IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as the
 * IPv4 address. Anything unparseable shares one "unknown" budget.
 */
export function clientIp(header: string | undefined): string {
  const raw = header?.trim() ?? "";
  if (raw.length === 0 || raw.length > 45) return "unknown";
  if (isIPv4(raw)) return raw;
  const groups = ipv6Groups(raw);
  if (!groups) return "unknown";
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

function isIPv4(s: string): boolean {
  const parts = s.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** The eight 16-bit groups of an IPv6 address (with "::" and a dotted IPv4 tail), or null. */
function ipv6Groups(s: string): number[] | null {
  const zone = s.indexOf("%");
  const addr = (zone >= 0 ? s.slice(0, zone) : s).toLowerCase();
  const halves = addr.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === "") return [];
    const out: number[] = [];
    const pieces = part.split(":");
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i]!;
      if (i === pieces.length - 1 && p.includes(".")) {
        if (!isIPv4(p)) return null;
        const [a, b, c, d] = p.split(".").map(Number) as [number, number, number, number];
        out.push((a << 8) | b, (c << 8) | d);
      } else if (/^[0-9a-f]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return null;
    }
    return out;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  return missing >= 1 ? [...head, ...new Array<number>(missing).fill(0), ...tail] : null;
}
