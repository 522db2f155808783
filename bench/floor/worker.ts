// One platform operation per route (bench/floor.mjs, bench/README.md "Platform floor").
import { DurableObject } from "cloudflare:workers";

interface Env {
  DB: D1Database;
  TABLES: DurableObjectNamespace<Tables>;
  COUNTER: DurableObjectNamespace<Counter>;
  NATIVE: RateLimit;
}

/** A SQLite-backed object that creates one table when it starts, as a Conversation does. */
export class Tables extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v TEXT)");
  }

  ping(): number {
    return 1;
  }

  /** One D1 statement from inside the object, as a turn's catalog read. */
  async d1(): Promise<number> {
    return (await this.env.DB.prepare("SELECT 1 AS one").first<number>("one")) ?? 0;
  }
}

/** A RateLimiter-like object: one counter row per key, read and written in one transaction. */
export class Counter extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS hits (k TEXT PRIMARY KEY, n INTEGER NOT NULL)");
  }

  hit(key: string): boolean {
    const row = this.ctx.storage.sql
      .exec<{ n: number }>(
        "INSERT INTO hits (k, n) VALUES (?, 1) ON CONFLICT (k) DO UPDATE SET n = n + 1 RETURNING n",
        key,
      )
      .one();
    return row.n <= 1_000_000_000;
  }
}

const ok = (extra: Record<string, unknown> = {}) => Response.json({ ok: true, ...extra });

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const id = url.searchParams.get("id") ?? "warm";
    switch (url.pathname) {
      case "/healthz":
        return ok();
      case "/do-new":
      case "/do-existing":
        return ok({ r: await env.TABLES.get(env.TABLES.idFromName(id)).ping() });
      case "/d1":
        return ok({ r: await env.DB.prepare("SELECT 1 AS one").first("one") });
      case "/do-d1":
        return ok({ r: await env.TABLES.get(env.TABLES.idFromName(id)).d1() });
      case "/limiter-do":
        return ok({ r: await env.COUNTER.get(env.COUNTER.idFromName("ip:127.0.0.1")).hit("127.0.0.1") });
      case "/ratelimit":
        return ok({ r: (await env.NATIVE.limit({ key: "127.0.0.1" })).success });
      case "/turn-floor":
      case "/turn-floor-ongoing": {
        // A turn's platform work, nothing else: limiter object, conversation object (new: ?id=), D1 from inside it.
        await env.COUNTER.get(env.COUNTER.idFromName("ip:127.0.0.1")).hit("127.0.0.1");
        return ok({ r: await env.TABLES.get(env.TABLES.idFromName(id)).d1() });
      }
      case "/turn-floor-native": {
        await env.NATIVE.limit({ key: "127.0.0.1" });
        return ok({ r: await env.TABLES.get(env.TABLES.idFromName(id)).d1() });
      }
      default:
        return Response.json({ ok: false }, { status: 404 });
    }
  },
} satisfies ExportedHandler<Env>;
