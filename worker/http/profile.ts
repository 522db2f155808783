/**
 * Opt-in timing of one request's parts, for `bench/turn.mjs --profile`. Off
 * unless PROFILE_TURNS = "1" (never set in production): then the chat route
 * answers a `Server-Timing` header with each part's milliseconds and count.
 * Local workerd's clock runs during CPU work too, so CPU parts are measured;
 * deployed Workers only advance it at I/O, where only I/O parts would show.
 */
export type Spans = Record<string, { ms: number; n: number }>;

export class Profile {
  readonly spans: Spans = {};

  add(name: string, ms: number, n = 1): void {
    const s = (this.spans[name] ??= { ms: 0, n: 0 });
    s.ms += ms;
    s.n += n;
  }

  async time<T>(name: string, work: () => Promise<T> | T): Promise<T> {
    const t = performance.now();
    try {
      return await work();
    } finally {
      this.add(name, performance.now() - t);
    }
  }

  merge(spans: Spans | undefined): void {
    for (const [k, v] of Object.entries(spans ?? {})) this.add(k, v.ms, v.n);
  }

  /** `name;dur=1.23;desc="n=2"`, comma-separated (RFC: Server-Timing). */
  header(): string {
    return Object.entries(this.spans)
      .map(([k, v]) => `${k};dur=${v.ms.toFixed(3)};desc="n=${v.n}"`)
      .join(", ");
  }
}

export const profiling = (env: { PROFILE_TURNS?: string }): boolean => env.PROFILE_TURNS === "1";

const TIMED = new Set(["first", "all", "run", "raw"]);
/** Proxy → the real statement: D1 needs its own objects back in batch(). */
const raw = new WeakMap<object, D1PreparedStatement>();

/** D1 whose every round trip (a statement, or a whole batch) is added to `profile` as "d1". */
export function profiledD1(db: D1Database, profile: Profile): D1Database {
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const proxy = new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop) as unknown;
        if (typeof value !== "function") return value;
        const fn = value as (...a: unknown[]) => unknown;
        if (prop === "bind") return (...args: unknown[]) => wrap(fn.apply(target, args) as D1PreparedStatement);
        if (typeof prop === "string" && TIMED.has(prop))
          return (...args: unknown[]) => profile.time("d1", () => fn.apply(target, args));
        return fn.bind(target);
      },
    });
    raw.set(proxy, stmt);
    return proxy;
  };
  return new Proxy(db, {
    get(target, prop) {
      if (prop === "prepare") return (sql: string) => wrap(target.prepare(sql));
      if (prop === "batch")
        return (stmts: D1PreparedStatement[]) =>
          profile.time("d1", () => target.batch(stmts.map((s) => raw.get(s) ?? s)));
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
