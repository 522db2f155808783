import { SESSION_TABLES } from "../acp/session-store.js";
import { CHECKOUT_TABLES } from "../checkout/checkout-store.js";
import { CHANNEL_TABLES } from "./channel-store.js";
import { CONVERSATION_TABLES } from "./conversation-store.js";
import { ORDER_EVENT_TABLES } from "./order-event-store.js";
import type { Migrations } from "./sqlite-migrate.js";

/*
 * One migration list per Durable Object class: its stores share one SQLite
 * database and so one `PRAGMA user_version`. Version 1 is the layout from
 * before versioning; it keeps `IF NOT EXISTS` because objects created then
 * already hold these tables at user_version 0. Later steps are plain DDL
 * (e.g. `ALTER TABLE orders ADD COLUMN …`), appended, never edited.
 */

export const CONVERSATION_MIGRATIONS: Migrations = [CONVERSATION_TABLES + CHECKOUT_TABLES + CHANNEL_TABLES];

export const CHECKOUT_SESSION_MIGRATIONS: Migrations = [SESSION_TABLES + CHECKOUT_TABLES];

export const ORDER_EVENTS_MIGRATIONS: Migrations = [ORDER_EVENT_TABLES];
