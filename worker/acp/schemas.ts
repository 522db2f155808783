import { z } from "zod";

/**
 * Request bodies of the Agentic Commerce Protocol checkout API, 2026-04-17,
 * mirroring `$defs` of spec/2026-04-17/json-schema/schema.agentic_checkout.json
 * (and the discount extension). `additionalProperties: false` → strictObject,
 * open objects → looseObject; formats as the JSON Schema names them.
 *
 * Deliberate differences, each one more lenient than the schema:
 * - `Item.quantity` (integer ≥ 1) is accepted: the schema lost it in
 *   2026-01-30 (upstream issue #264) while every example still sends it.
 * - `Capabilities.extensions: []` is accepted (the schema's oneOf of two array
 *   shapes rejects an empty array, which an agent uses to say "none").
 * - `IntentTrace.reason_code` accepts any string: the spec says servers SHOULD
 *   accept unknown values and treat them as "other".
 * worker/acp/schemas.test.ts checks these schemas against Ajv on the spec's examples.
 */

const dateTime = z.iso.datetime({ offset: true });
const uri = z.url();
const email = z.email();
const int = z.int();

export const Address = z.strictObject({
  name: z.string(),
  line_one: z.string(),
  line_two: z.string().optional(),
  city: z.string(),
  state: z.string(),
  country: z.string(),
  postal_code: z.string(),
  company: z.string().optional(),
});

export const FulfillmentDetails = z.strictObject({
  name: z.string().optional(),
  phone_number: z.string().optional(),
  email: email.optional(),
  address: Address.optional(),
});

const CompanyInfo = z.strictObject({
  name: z.string(),
  tax_id: z.string().optional(),
  department: z.string().optional(),
  cost_center: z.string().optional(),
});

const LoyaltyInfo = z.strictObject({
  tier: z.string().optional(),
  points_balance: int.optional(),
  member_since: dateTime.optional(),
});

const TaxExemption = z.strictObject({
  certificate_id: z.string(),
  certificate_type: z.enum(["resale", "exempt_organization", "government"]),
  exempt_regions: z.array(z.string()).optional(),
  expires_at: dateTime.optional(),
});

export const Buyer = z.strictObject({
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  full_name: z.string().optional(),
  email,
  phone_number: z.string().optional(),
  customer_id: z.string().optional(),
  account_type: z.enum(["guest", "registered", "business"]).optional(),
  authentication_status: z.enum(["authenticated", "guest", "requires_signin"]).optional(),
  company: CompanyInfo.optional(),
  loyalty: LoyaltyInfo.optional(),
  tax_exemption: TaxExemption.optional(),
});

/** An item to buy: `id` is our SKU. `name` and `unit_amount` are the agent's view and never priced from. */
export const Item = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
  unit_amount: int.optional(),
  quantity: int.min(1).optional(),
});

const unique = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .refine((a) => new Set(a.map((v) => JSON.stringify(v))).size === a.length, { message: "items must be unique" });

const InterventionCapabilities = z.strictObject({
  supported: z.array(z.enum(["3ds", "biometric", "address_verification"])).optional(),
  required: z.array(z.enum(["3ds", "biometric"])).optional(),
  enforcement: z.enum(["always", "conditional", "optional"]).optional(),
  display_context: z.enum(["native", "webview", "modal", "redirect"]).optional(),
  redirect_context: z.enum(["in_app", "external_browser", "none"]).optional(),
  max_redirects: int.min(0).optional(),
  max_interaction_depth: int.min(1).optional(),
});

const versionDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const PaymentHandler = z.strictObject({
  id: z.string(),
  name: z.string(),
  display_name: z.string().optional(),
  version: versionDate,
  spec: uri,
  requires_delegate_payment: z.boolean(),
  requires_pci_compliance: z.boolean(),
  psp: z.string(),
  config_schema: uri,
  instrument_schemas: z.array(uri),
  config: z.record(z.string(), z.unknown()),
  display_order: int.optional(),
});

const ExtensionDeclaration = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*(@\d{4}-\d{2}-\d{2})?$|^[a-z][a-z0-9]*(?:\.[a-z][a-z0-9_-]*)+(@\d{4}-\d{2}-\d{2})?$/),
  extends: unique(z.string().regex(/^\$\.[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9_]*)*$/)).optional(),
  schema: uri.optional(),
  spec: uri.optional(),
});

export const Capabilities = z.strictObject({
  payment: z.strictObject({ handlers: z.array(PaymentHandler) }).optional(),
  interventions: InterventionCapabilities.optional(),
  extensions: z.union([unique(z.string()), unique(ExtensionDeclaration)]).optional(),
});

const SelectedFulfillmentOption = z.strictObject({
  type: z.enum(["shipping", "digital", "pickup", "local_delivery"]),
  option_id: z.string(),
  item_ids: z.array(z.string()),
});

const FulfillmentGroup = z.strictObject({
  id: z.string(),
  item_ids: z.array(z.string()),
  destination_type: z.enum(["shipping", "pickup", "local_delivery", "digital"]),
  fulfillment_details: FulfillmentDetails.optional(),
  location_id: z.string().optional(),
  instructions: z.string().optional(),
});

const AffiliateAttribution = z
  .looseObject({
    provider: z.string(),
    token: z.string().optional(),
    publisher_id: z.string().optional(),
    campaign_id: z.string().optional(),
    creative_id: z.string().optional(),
    sub_id: z.string().optional(),
    source: z.strictObject({ type: z.enum(["url", "platform", "unknown"]), url: uri.optional() }).optional(),
    issued_at: dateTime.optional(),
    expires_at: dateTime.optional(),
    metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    touchpoint: z.enum(["first", "last"]).optional(),
  })
  .refine((a) => a.token !== undefined || a.publisher_id !== undefined, {
    message: "token or publisher_id is required",
    path: ["token"],
  });

export const DiscountsRequest = z.strictObject({ codes: z.array(z.string()).optional() });

const metadata = z.record(z.string(), z.unknown());
const orderNotes = z.string().max(5000);

export const CheckoutSessionCreateRequest = z.strictObject({
  buyer: Buyer.optional(),
  line_items: z.array(Item).min(1),
  currency: z.string(),
  fulfillment_details: FulfillmentDetails.optional(),
  capabilities: Capabilities,
  fulfillment_groups: z.array(FulfillmentGroup).optional(),
  affiliate_attribution: AffiliateAttribution.optional(),
  coupons: z.array(z.string()).optional(),
  discounts: DiscountsRequest.optional(),
  locale: z.string().optional(),
  timezone: z.string().optional(),
  quote_id: z.string().optional(),
  metadata: metadata.optional(),
  order_notes: orderNotes.optional(),
});

export const CheckoutSessionUpdateRequest = z.strictObject({
  buyer: Buyer.optional(),
  line_items: z.array(Item).optional(),
  fulfillment_details: FulfillmentDetails.optional(),
  fulfillment_groups: z.array(FulfillmentGroup).optional(),
  selected_fulfillment_options: z.array(SelectedFulfillmentOption).optional(),
  coupons: z.array(z.string()).optional(),
  discounts: DiscountsRequest.optional(),
  order_notes: orderNotes.optional(),
});

export const PaymentData = z
  .strictObject({
    handler_id: z.string().optional(),
    instrument: z
      .looseObject({
        type: z.string(),
        credential: z.looseObject({ type: z.string(), token: z.string() }),
      })
      .optional(),
    billing_address: Address.optional(),
    purchase_order_number: z.string().optional(),
    payment_terms: z.enum(["immediate", "net_15", "net_30", "net_60", "net_90"]).optional(),
    due_date: dateTime.optional(),
    approval_required: z.boolean().optional(),
  })
  .refine((p) => (p.handler_id !== undefined && p.instrument !== undefined) || p.purchase_order_number !== undefined, {
    message: "handler_id and instrument (or purchase_order_number) are required",
    path: ["handler_id"],
  });

const AuthenticationResult = z
  .strictObject({
    outcome: z.enum([
      "abandoned",
      "attempt_acknowledged",
      "authenticated",
      "canceled",
      "denied",
      "informational",
      "internal_error",
      "not_supported",
      "processing_error",
      "rejected",
    ]),
    outcome_details: z
      .strictObject({
        three_ds_cryptogram: z.string(),
        electronic_commerce_indicator: z.enum(["01", "02", "05", "06", "07"]),
        transaction_id: z.string(),
        version: z.string(),
      })
      .optional(),
  })
  .refine(
    (a) =>
      !["authenticated", "informational", "attempt_acknowledged"].includes(a.outcome) ||
      a.outcome_details !== undefined,
    {
      message: "outcome_details is required for this outcome",
      path: ["outcome_details"],
    },
  );

const RiskSignals = z.strictObject({
  ip_address: z.string().optional(),
  user_agent: z.string().optional(),
  accept_language: z.string().optional(),
  session_id: z.string().optional(),
  device_fingerprint: z.string().optional(),
});

export const CheckoutSessionCompleteRequest = z.strictObject({
  buyer: Buyer.optional(),
  payment_data: PaymentData,
  authentication_result: AuthenticationResult.optional(),
  affiliate_attribution: AffiliateAttribution.optional(),
  risk_signals: RiskSignals.optional(),
  marketing_consents: z.array(z.strictObject({ channel: z.string(), opted_in: z.boolean() })).optional(),
  order_notes: orderNotes.optional(),
});

export const CancelSessionRequest = z.looseObject({
  intent_trace: z
    .looseObject({
      reason_code: z.string(),
      trace_summary: z.string().max(500).optional(),
      metadata: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    })
    .optional(),
});

export type AddressInput = z.infer<typeof Address>;
export type BuyerInput = z.infer<typeof Buyer>;
export type FulfillmentDetailsInput = z.infer<typeof FulfillmentDetails>;
export type ItemInput = z.infer<typeof Item>;
export type CreateRequest = z.infer<typeof CheckoutSessionCreateRequest>;
export type UpdateRequest = z.infer<typeof CheckoutSessionUpdateRequest>;
export type CompleteRequest = z.infer<typeof CheckoutSessionCompleteRequest>;
export type CancelRequest = z.infer<typeof CancelSessionRequest>;
