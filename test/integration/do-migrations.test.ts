import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { CHECKOUT_SESSION_MIGRATIONS, CONVERSATION_MIGRATIONS } from "../../worker/objects/schemas.js";
import { migrate, schemaVersion } from "../../worker/objects/sqlite-migrate.js";

const version = schemaVersion;
const columns = (sql: SqlStorage, table: string) =>
  sql
    .exec<{ name: string }>(`PRAGMA table_info(${table})`)
    .toArray()
    .map((c) => c.name);

function conversation(name: string) {
  return env.CONVERSATION.get(env.CONVERSATION.idFromName(name));
}

describe("Durable Object SQLite migrations (versioned, schema_version)", () => {
  it("a new Conversation and a new CheckoutSession are at their latest version", async () => {
    await runInDurableObject(conversation(`mig-new-${crypto.randomUUID()}`), (_i, state) => {
      expect(version(state.storage.sql)).toBe(CONVERSATION_MIGRATIONS.length);
    });
    const session = env.CHECKOUT_SESSION.get(env.CHECKOUT_SESSION.idFromName(`mig-new-${crypto.randomUUID()}`));
    await runInDurableObject(session, (_i, state) => {
      expect(version(state.storage.sql)).toBe(CHECKOUT_SESSION_MIGRATIONS.length);
    });
  });

  it("an object created at an older version gets the column a later step adds, and keeps its rows", async () => {
    await runInDurableObject(conversation(`mig-old-${crypto.randomUUID()}`), (_i, state) => {
      const sql = state.storage.sql;
      sql.exec("INSERT INTO meta (key, value) VALUES ('owner', 'user:old')");
      expect(columns(sql, "meta")).not.toContain("note");

      const next = [...CONVERSATION_MIGRATIONS, "ALTER TABLE meta ADD COLUMN note TEXT NOT NULL DEFAULT ''"];
      expect(migrate(state.storage, next)).toBe(next.length);
      expect(version(sql)).toBe(next.length);
      expect(columns(sql, "meta")).toContain("note");
      expect(
        sql.exec<{ value: string; note: string }>("SELECT value, note FROM meta WHERE key = 'owner'").one(),
      ).toEqual({ value: "user:old", note: "" });

      // Run again (every constructor does): the ALTER must not run twice.
      expect(() => migrate(state.storage, next)).not.toThrow();
      // The build before this step sees a newer database and leaves it alone.
      expect(migrate(state.storage, CONVERSATION_MIGRATIONS)).toBe(next.length);
      expect(version(sql)).toBe(next.length);
    });
  });

  it("an object from before versioning (tables present, no version row) migrates without error and keeps its rows", async () => {
    await runInDurableObject(conversation(`mig-pre-${crypto.randomUUID()}`), (_i, state) => {
      const sql = state.storage.sql;
      sql.exec("INSERT INTO meta (key, value) VALUES ('owner', 'user:pre')");
      sql.exec("DROP TABLE schema_version");
      expect(migrate(state.storage, CONVERSATION_MIGRATIONS)).toBe(CONVERSATION_MIGRATIONS.length);
      expect(sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = 'owner'").one().value).toBe("user:pre");
    });
  });

  it("a failing step leaves the version where it was (the step is not half-applied)", async () => {
    await runInDurableObject(conversation(`mig-bad-${crypto.randomUUID()}`), (_i, state) => {
      const sql = state.storage.sql;
      const bad = [
        ...CONVERSATION_MIGRATIONS,
        "ALTER TABLE meta ADD COLUMN a TEXT; ALTER TABLE no_such_table ADD COLUMN b TEXT",
      ];
      expect(() => migrate(state.storage, bad)).toThrow();
      expect(version(sql)).toBe(CONVERSATION_MIGRATIONS.length);
      expect(columns(sql, "meta")).not.toContain("a");
    });
  });
});
