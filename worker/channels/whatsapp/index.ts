// The WhatsApp channel: verify → parse → (conversation) → render → send.
export { WHATSAPP_SIGNATURE_HEADER, verifyHandshake, verifyWhatsAppSignature, type HandshakeResult } from "./verify.js";
export { parseWhatsAppUpdate } from "./parse.js";
export {
  WHATSAPP_LIMITS,
  renderWhatsApp,
  type WhatsAppCall,
  type WhatsAppInteractive,
  type WhatsAppInteractiveMessage,
  type WhatsAppListRow,
  type WhatsAppMessage,
  type WhatsAppRenderOptions,
  type WhatsAppReplyButton,
  type WhatsAppTextMessage,
} from "./render.js";
export { fitTitle, uniqueTitles } from "./titles.js";
export {
  WHATSAPP_API_BASE_DEFAULT,
  whatsappClient,
  type WhatsAppClient,
  type WhatsAppSendResult,
  type WhatsAppSettings,
} from "./client.js";
export { deliverWhatsAppReply, type WhatsAppDelivery } from "./deliver.js";
