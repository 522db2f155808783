/**
 * Turns a seed catalog into plain SQL text for D1 (`wrangler d1 execute
 * --file`) or any SQLite: multi-row `INSERT OR IGNORE` statements, so
 * seeding twice is harmless, in foreign-key-safe order.
 *
 * Column names come from the drizzle tables, so the SQL follows the schema.
 */
import { getTableColumns, getTableName, is, SQL, type Table } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { priceHistory, products, promotions, variants } from "../../schema/index.js";
import type { PromotionRow, SeedCatalog } from "./catalog.js";

/** D1 rejects statements over 100 KB; stay well under. */
export const DEFAULT_MAX_STATEMENT_CHARS = 90_000;

export interface SeedSqlOptions {
  /** Every statement is strictly shorter than this. Default 90,000. */
  maxStatementChars?: number;
}

/** A SQL string literal: single quotes doubled. */
export function sqlString(value: string): string {
  if (value.includes("\u0000")) throw new Error("NUL character in a seed string");
  return value.includes("'") ? `'${value.replaceAll("'", "''")}'` : `'${value}'`;
}

function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A SQL literal for one column value: NULL, integer, 0/1, text, or JSON text. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  switch (typeof value) {
    case "string":
      return sqlString(value);
    case "number":
      if (!Number.isSafeInteger(value)) throw new RangeError(`seed numbers must be safe integers, got ${value}`);
      return String(value);
    case "boolean":
      return value ? "1" : "0";
    case "object":
      return sqlString(JSON.stringify(value));
    default:
      throw new TypeError(`cannot write a ${typeof value} as SQL`);
  }
}

interface ColumnPlan {
  key: string;
  name: string;
  /** SQL used when a row leaves the column undefined (the column default, else NULL). */
  fallback: string;
}

const dialect = new SQLiteSyncDialect();

function columnPlan(table: Table): ColumnPlan[] {
  return Object.entries(getTableColumns(table)).map(([key, column]) => {
    let fallback = "NULL";
    if (column.default !== undefined) {
      fallback = is(column.default, SQL) ? `(${dialect.sqlToQuery(column.default).sql})` : sqlLiteral(column.default);
    }
    return { key, name: column.name, fallback };
  });
}

function rowLiteral(plan: readonly ColumnPlan[], row: Record<string, unknown>): string {
  let out = "(";
  for (let i = 0; i < plan.length; i++) {
    const c = plan[i] as ColumnPlan;
    const v = row[c.key];
    if (i > 0) out += ", ";
    out += v === undefined ? c.fallback : sqlLiteral(v);
  }
  return out + ")";
}

function insertHead(table: Table, plan: readonly ColumnPlan[]): string {
  return `INSERT OR IGNORE INTO ${ident(getTableName(table))} (${plan.map((c) => ident(c.name)).join(", ")}) VALUES\n`;
}

/** Packs row literals into as few statements as fit under `max` characters each. */
function packInserts(head: string, rowLiterals: Iterable<string>, max: number, out: string[]): void {
  const sep = ",\n";
  let parts: string[] = [];
  let length = 0;
  for (const lit of rowLiterals) {
    if (head.length + lit.length >= max) {
      throw new RangeError(`a single row needs ${head.length + lit.length} characters, over the ${max} limit`);
    }
    if (parts.length > 0 && length + sep.length + lit.length >= max) {
      out.push(parts.join(sep));
      parts = [];
    }
    if (parts.length === 0) {
      // The head rides on the first row so join() returns one flat string.
      parts.push(head + lit);
      length = head.length + lit.length;
    } else {
      parts.push(lit);
      length += sep.length + lit.length;
    }
  }
  if (parts.length > 0) out.push(parts.join(sep));
}

function* literals(plan: readonly ColumnPlan[], rows: readonly object[]): Generator<string> {
  for (const row of rows) yield rowLiteral(plan, row as Record<string, unknown>);
}

/**
 * A promotion whose scope list alone overflows a statement (DRESS15 in a
 * 100,000-product catalog) is inserted with the first part of its list; the
 * rest is appended by UPDATEs. Each UPDATE only fires while the list still
 * ends with the previous part's last id, so running the seed again (or over
 * a row someone else wrote) appends nothing.
 */
function promotionStatements(rows: readonly PromotionRow[], max: number, out: string[]): void {
  const plan = columnPlan(promotions);
  const head = insertHead(promotions, plan);
  const table = ident(getTableName(promotions));
  const scopeCol = ident(promotions.scopeIds.name);
  const codeCol = ident(promotions.code.name);
  const updates: string[] = [];
  const rowLits: string[] = [];

  for (const row of rows) {
    const full = rowLiteral(plan, row);
    const ids = row.scopeIds ?? [];
    if (head.length + full.length < max || ids.length <= 1) {
      rowLits.push(full);
      continue;
    }
    // Room for the list inside the INSERT: the limit minus everything else in it.
    const bare = rowLiteral(plan, { ...row, scopeIds: [] });
    const budget = Math.floor((max - head.length - bare.length) * 0.9);
    const parts = splitIds(ids, budget);
    rowLits.push(rowLiteral(plan, { ...row, scopeIds: parts[0] }));
    const code = sqlString(row.code);
    for (let k = 1; k < parts.length; k++) {
      const prev = parts[k - 1] as string[];
      const tail = `${JSON.stringify(prev[prev.length - 1])}]`;
      const append = `,${JSON.stringify(parts[k]).slice(1)}`;
      updates.push(
        `UPDATE ${table} SET ${scopeCol} = substr(${scopeCol}, 1, length(${scopeCol}) - 1) || ${sqlString(append)} ` +
          `WHERE ${codeCol} = ${code} AND substr(${scopeCol}, -${tail.length}) = ${sqlString(tail)}`,
      );
    }
  }
  packInserts(head, rowLits, max, out);
  for (const u of updates) {
    if (u.length >= max) throw new RangeError(`scope update needs ${u.length} characters, over the ${max} limit`);
    out.push(u);
  }
}

/** Splits ids into runs whose JSON text stays under `budget` characters. */
function splitIds(ids: readonly string[], budget: number): string[][] {
  const parts: string[][] = [];
  let current: string[] = [];
  let size = 2;
  for (const id of ids) {
    // Each id costs its JSON plus a comma, and quotes double inside a SQL literal.
    const cost = JSON.stringify(id).length * (id.includes("'") ? 2 : 1) + 1;
    if (current.length > 0 && size + cost > budget) {
      parts.push(current);
      current = [];
      size = 2;
    }
    current.push(id);
    size += cost;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

/**
 * SQL statements (no trailing semicolons) that load the catalog: products,
 * variants, price_history, promotions. Every statement is shorter than
 * `maxStatementChars`.
 */
export function seedStatements(catalog: SeedCatalog, options: SeedSqlOptions = {}): string[] {
  const max = options.maxStatementChars ?? DEFAULT_MAX_STATEMENT_CHARS;
  const out: string[] = [];
  for (const [table, rows] of [
    [products, catalog.products],
    [variants, catalog.variants],
    [priceHistory, catalog.priceHistory],
  ] as const) {
    const plan = columnPlan(table);
    packInserts(insertHead(table, plan), literals(plan, rows), max, out);
  }
  promotionStatements(catalog.promotions, max, out);
  return out;
}

/** The whole seed as one file for `wrangler d1 execute --file`. */
export function seedSqlFile(catalog: SeedCatalog, options: SeedSqlOptions = {}): string {
  const statements = seedStatements(catalog, options);
  return statements.length === 0 ? "" : `${statements.join(";\n")};\n`;
}
