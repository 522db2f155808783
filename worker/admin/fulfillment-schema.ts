import { z } from "zod";
import { FULFILLMENT_STATUSES } from "../commerce/fulfillment-status.js";

/** `PUT /admin/orders/:id/fulfillment`: where a paid order is now, with the carrier's tracking once it ships. */
export const FulfillmentUpdate = z
  .object({
    status: z.enum(FULFILLMENT_STATUSES),
    /** A tracking number or a carrier's https tracking URL; printable ASCII, no spaces at the ends. */
    tracking: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/, "printable ASCII, no spaces at the ends")
      .optional(),
  })
  .strict();
