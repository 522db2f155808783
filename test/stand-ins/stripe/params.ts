// Typed readers over the decoded form tree, raising Stripe's own validation
// errors (`parameter_missing`, `parameter_unknown`, `parameter_invalid_integer`,
// …) so the app sees the same 400s it would get from api.stripe.com.

import { parameterError } from "./errors.js";
import type { FormObject, FormValue } from "./form.js";

export type Params = FormObject;

function describe(value: FormValue): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Stripe rejects any parameter an endpoint does not define. */
export function allowOnly(params: Params, allowed: readonly string[], prefix = ""): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) {
      const name = prefix ? `${prefix}[${key}]` : key;
      throw parameterError(`Received unknown parameter: ${name}`, "parameter_unknown", name);
    }
  }
}

export function optString(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") {
    throw parameterError(`Invalid string: ${describe(value)}`, "parameter_invalid_string", name);
  }
  return value;
}

export function reqString(params: Params, name: string): string {
  const value = optString(params, name);
  if (value === undefined || value === "") {
    throw parameterError(`Missing required param: ${name}.`, "parameter_missing", name);
  }
  return value;
}

/** A non-empty string or undefined; Stripe treats `param=` as "unset". */
export function optNonEmpty(params: Params, name: string): string | undefined {
  const value = optString(params, name);
  return value === "" ? undefined : value;
}

export function optInt(params: Params, name: string): number | undefined {
  const value = optString(params, name);
  if (value === undefined) return undefined;
  // Integers only: "12.5", "1e3" and "" are all invalid, the way Stripe refuses
  // fractional minor units.
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw parameterError(`Invalid integer: ${value}`, "parameter_invalid_integer", name);
  }
  return Number(value);
}

export function reqInt(params: Params, name: string): number {
  if (params[name] === undefined) {
    throw parameterError(`Missing required param: ${name}.`, "parameter_missing", name);
  }
  return optInt(params, name) as number;
}

export function optBool(params: Params, name: string): boolean | undefined {
  const value = optString(params, name);
  if (value === undefined) return undefined;
  if (value === "true") return true;
  if (value === "false") return false;
  throw parameterError(`Invalid boolean: ${value}`, "parameter_invalid_boolean", name);
}

export function optEnum<T extends string>(params: Params, name: string, values: readonly T[]): T | undefined {
  const value = optNonEmpty(params, name);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) {
    const list = values.length > 1 ? `${values.slice(0, -1).join(", ")}, or ${values[values.length - 1]}` : values[0];
    throw parameterError(`Invalid ${name}: must be one of ${list}`, "parameter_invalid_string", name);
  }
  return value as T;
}

export function optObject(params: Params, name: string): Params | undefined {
  const value = params[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw parameterError(`Invalid object`, "parameter_invalid_string", name);
  }
  return value;
}

export function optStringArray(params: Params, name: string): string[] | undefined {
  const value = params[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value === "string") return [value];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw parameterError(`Invalid array`, "parameter_invalid_string", name);
  }
  return value as string[];
}

/**
 * Metadata as Stripe validates it: at most 50 keys, keys up to 40 characters,
 * string values up to 500. Returns `null` for `metadata=` (Stripe's "clear all"
 * on update); values of "" mean "unset this key" on update.
 */
export function optMetadata(params: Params, name = "metadata"): Record<string, string> | null | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (value === "") return null;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw parameterError("Invalid object", "parameter_invalid_string", name);
  }
  const entries = Object.entries(value);
  if (entries.length > 50) {
    throw parameterError("You can specify up to 50 keys in metadata.", "parameter_invalid_string", name);
  }
  const out: Record<string, string> = {};
  for (const [key, v] of entries) {
    if (typeof v !== "string") {
      throw parameterError(
        `Invalid value for metadata key '${key}': metadata values must be strings.`,
        "parameter_invalid_string",
        `${name}[${key}]`,
      );
    }
    if (key.length > 40) {
      throw parameterError(
        `Metadata keys can have up to 40 characters, but you passed in a key that is ${key.length} characters. Invalid key: ${key}`,
        "parameter_invalid_string",
        name,
      );
    }
    if (v.length > 500) {
      throw parameterError(
        `Metadata values can have up to 500 characters, but you passed in a value that is ${v.length} characters. Invalid value: ${v}`,
        "parameter_invalid_string",
        `${name}[${key}]`,
      );
    }
    out[key] = v;
  }
  return out;
}

/** Applies a metadata update with Stripe's merge semantics. */
export function mergeMetadata(
  current: Record<string, string>,
  update: Record<string, string> | null | undefined,
): Record<string, string> {
  if (update === undefined) return current;
  if (update === null) return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === "") delete next[key];
    else next[key] = value;
  }
  return next;
}

/** Metadata on create: empty values are simply not stored. */
export function createMetadata(update: Record<string, string> | null | undefined): Record<string, string> {
  return mergeMetadata({}, update);
}

export function optLimit(params: Params): number {
  const limit = optInt(params, "limit") ?? 10;
  if (limit < 1 || limit > 100) {
    throw parameterError("This value must be between 1 and 100 (inclusive).", "parameter_invalid_integer", "limit");
  }
  return limit;
}
