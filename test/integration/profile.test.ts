import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { Profile, profiledD1 } from "../../worker/http/profile.js";
import { BASE } from "./client.js";

describe("turn profiling (bench/turn.mjs --profile)", () => {
  it("counts every D1 round trip, a batch as one, and leaves results unchanged", async () => {
    const prof = new Profile();
    const db = profiledD1(env.DB, prof);
    const one = await db.prepare("SELECT ? AS v").bind(7).first<{ v: number }>();
    const { results } = await db.prepare("SELECT id FROM products ORDER BY id LIMIT 2").all();
    const [a, b] = await db.batch([db.prepare("SELECT 1 AS x"), db.prepare("SELECT ? AS y").bind(2)]);
    expect(one?.v).toBe(7);
    expect(results).toHaveLength(2);
    expect([a?.results, b?.results]).toEqual([[{ x: 1 }], [{ y: 2 }]]);
    expect(prof.spans.d1?.n).toBe(3);
    expect(prof.header()).toMatch(/^d1;dur=[\d.]+;desc="n=3"$/);
  });

  it("is off unless PROFILE_TURNS is 1: a chat answer has no Server-Timing", async () => {
    const res = await SELF.fetch(`${BASE}/v1/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ conversation_id: "profile-off-0000000001", message_id: "m1", text: "hello" }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("server-timing")).toBeNull();
  });
});
