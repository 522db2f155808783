import { describe, expect, it } from "vitest";
import { FULFILLMENT_STATUSES, fulfillmentMove, statesBefore } from "./fulfillment-status.js";

describe("fulfilment moves", () => {
  it("goes forward, skipping steps if ops like, and never back", () => {
    expect(fulfillmentMove(null, "processing")).toBe("advance");
    expect(fulfillmentMove(null, "delivered")).toBe("advance");
    expect(fulfillmentMove("processing", "shipped")).toBe("advance");
    expect(fulfillmentMove("shipped", "shipped")).toBe("replay");
    expect(fulfillmentMove("delivered", "processing")).toBe("backwards");
    expect(fulfillmentMove("shipped", "processing")).toBe("backwards");
  });

  it("names the states a forward move may start from", () => {
    expect(statesBefore("processing")).toEqual([]);
    expect(statesBefore("shipped")).toEqual(["processing"]);
    expect(statesBefore("delivered")).toEqual(["processing", "shipped"]);
    for (const to of FULFILLMENT_STATUSES)
      for (const from of statesBefore(to)) expect(fulfillmentMove(from, to)).toBe("advance");
  });
});
