import { AcpError } from "./errors.js";
import type { UpdateRequest } from "./schemas.js";

/**
 * Fulfillment: one free standard shipping option for everything (the catalog
 * is physical goods). It costs nothing, so no fee has to flow through the
 * pricing engine; a paid option would have to arrive there as a `fees` entry.
 */
export const STANDARD_SHIPPING = "standard";
const DAY = 86_400_000;

export function fulfillmentOptions(now: number) {
  return [
    {
      type: "shipping" as const,
      id: STANDARD_SHIPPING,
      title: "Standard shipping",
      description: "Free, arrives in 3-5 business days",
      earliest_delivery_time: new Date(now + 3 * DAY).toISOString(),
      latest_delivery_time: new Date(now + 7 * DAY).toISOString(),
      totals: [
        { type: "fulfillment" as const, display_text: "Shipping", amount: 0 },
        { type: "total" as const, display_text: "Total", amount: 0 },
      ],
    },
  ];
}

export function selectedFulfillment(lineIds: readonly string[]) {
  return lineIds.length ? [{ type: "shipping" as const, option_id: STANDARD_SHIPPING, item_ids: [...lineIds] }] : [];
}

/** The only choice is standard shipping: any other option id (or type) is a 400. */
export function checkSelection(selected: UpdateRequest["selected_fulfillment_options"]): void {
  (selected ?? []).forEach((s, i) => {
    if (s.option_id !== STANDARD_SHIPPING || s.type !== "shipping") {
      throw new AcpError(
        400,
        "invalid",
        `Unknown fulfillment option ${JSON.stringify(s.option_id)}; the only option is "${STANDARD_SHIPPING}" (shipping).`,
        {
          param: `$.selected_fulfillment_options[${i}].option_id`,
        },
      );
    }
  });
}
