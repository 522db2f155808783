import { describe, expect, it } from "vitest";
import { jsonTooDeep, MAX_JSON_DEPTH } from "./json-depth.js";

function nested(levels: number, leaf: unknown = 1, kind: "object" | "array" = "object"): unknown {
  let v = leaf;
  for (let i = 0; i < levels; i++) v = kind === "object" ? { a: v } : [v];
  return v;
}

describe("jsonTooDeep", () => {
  it("counts levels of objects and arrays, not scalars", () => {
    expect(jsonTooDeep(1, 0)).toBe(false);
    expect(jsonTooDeep("x".repeat(10_000), 1)).toBe(false);
    expect(jsonTooDeep({}, 1)).toBe(false);
    expect(jsonTooDeep({ a: {} }, 1)).toBe(true);
    expect(jsonTooDeep([[1]], 2)).toBe(false);
    expect(jsonTooDeep([[[1]]], 2)).toBe(true);
  });

  it("accepts exactly the cap and refuses one more, for objects and arrays", () => {
    for (const kind of ["object", "array"] as const) {
      expect(jsonTooDeep(nested(MAX_JSON_DEPTH, 1, kind))).toBe(false);
      expect(jsonTooDeep(nested(MAX_JSON_DEPTH + 1, 1, kind))).toBe(true);
    }
  });

  it("finds the deep branch among wide shallow ones", () => {
    const wide = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, { x: [1, 2, 3] }]));
    expect(jsonTooDeep({ ...wide, deep: nested(MAX_JSON_DEPTH) })).toBe(true);
    expect(jsonTooDeep(wide)).toBe(false);
  });

  it("does not overflow the stack on 100,000 levels (what JSON.parse happily builds)", () => {
    const text = "[".repeat(100_000) + "]".repeat(100_000);
    expect(jsonTooDeep(JSON.parse(text))).toBe(true);
  });
});
