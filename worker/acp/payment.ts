import { AcpError } from "./errors.js";
import type { CompleteRequest } from "./schemas.js";

/** The one payment handler a session offers: a delegated card as a Stripe shared payment token. */
export const CARD_HANDLER_ID = "card_tokenized";

export function paymentHandlers() {
  return [
    {
      id: CARD_HANDLER_ID,
      name: "dev.acp.tokenized.card",
      display_name: "Card",
      version: "2026-01-22",
      spec: "https://acp.dev/handlers/tokenized.card",
      requires_delegate_payment: true,
      requires_pci_compliance: false,
      psp: "stripe",
      config_schema: "https://acp.dev/schemas/handlers/tokenized.card/config.json",
      instrument_schemas: ["https://acp.dev/schemas/handlers/tokenized.card/instrument.json"],
      config: { psp: "stripe", accepted_credential_types: ["spt"], supports_3ds: false },
      display_order: 0,
    },
  ];
}

/**
 * The Stripe payment method to charge: a shared payment token (`spt_…`) or a
 * PaymentMethod id (`pm_…`). Anything else is a 400 that changes nothing.
 */
export function paymentMethodOf(p: CompleteRequest["payment_data"]): string {
  if (p.handler_id === undefined || p.instrument === undefined) {
    throw new AcpError(400, "unsupported", "Purchase orders are not accepted; pay with the card handler.", {
      param: "$.payment_data",
    });
  }
  if (p.handler_id !== CARD_HANDLER_ID) {
    throw new AcpError(
      400,
      "invalid",
      `Unknown payment handler ${JSON.stringify(p.handler_id)}; use ${JSON.stringify(CARD_HANDLER_ID)}.`,
      { param: "$.payment_data.handler_id" },
    );
  }
  const token = p.instrument.credential.token;
  if (!/^(spt|pm)_[A-Za-z0-9_]{1,200}$/.test(token)) {
    throw new AcpError(
      400,
      "invalid",
      "The credential token must be a Stripe shared payment token (spt_…) or payment method (pm_…).",
      {
        param: "$.payment_data.instrument.credential.token",
      },
    );
  }
  return token;
}
