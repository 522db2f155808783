/**
 * Versioned migrations for a Durable Object's SQLite. Step i (0-based) moves
 * the database from version i to i + 1; steps are append-only, so a column
 * added later reaches objects that were created earlier (a
 * `CREATE TABLE IF NOT EXISTS` block never would).
 *
 * The version sits in a one-row `schema_version` table, the job
 * `PRAGMA user_version` does elsewhere: workerd refuses that pragma
 * (SQLITE_AUTH). Steps and the version bump run in one transaction, so a
 * failing step leaves nothing half-applied.
 *
 * A database already past the last step is left alone: a rolled-back build
 * must keep reading an object a newer build migrated (steps only add).
 */
export type Migrations = readonly string[];

const VERSION_TABLE =
  "CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 0), version INTEGER NOT NULL)";

export function schemaVersion(sql: SqlStorage): number {
  sql.exec(VERSION_TABLE);
  return sql.exec<{ version: number }>("SELECT version FROM schema_version WHERE id = 0").toArray()[0]?.version ?? 0;
}

export function migrate(storage: DurableObjectStorage, steps: Migrations): number {
  return storage.transactionSync(() => {
    const at = schemaVersion(storage.sql);
    if (at >= steps.length) return at;
    for (let v = at; v < steps.length; v++) storage.sql.exec(steps[v]!);
    storage.sql.exec(
      "INSERT INTO schema_version (id, version) VALUES (0, ?) ON CONFLICT(id) DO UPDATE SET version = excluded.version",
      steps.length,
    );
    return steps.length;
  });
}
