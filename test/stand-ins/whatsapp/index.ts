// The WhatsApp stand-in's public surface.
export {
  StandInUsageError,
  startWhatsAppStandIn,
  type DeliveryOutcome,
  type SimulatedInbound,
  type WhatsAppStandIn,
  type WhatsAppStandInOptions,
} from "./server.js";
export {
  inboundMessageBody,
  newWamid,
  replyMessage,
  signWhatsAppBody,
  statusBody,
  textMessage,
  webhookBody,
  type Business,
  type InboundShopper,
} from "./webhooks.js";
export { GraphError, validateMessage } from "./validate.js";
export type { RecordedSend, Tamper, WebhookDelivery, WebhookTarget } from "./state.js";
