import type { Reply } from "../../agent/reply.js";
import type { WhatsAppReplyTarget } from "../inbound.js";
import type { WhatsAppClient } from "./client.js";
import { renderWhatsApp, type WhatsAppRenderOptions } from "./render.js";

export interface WhatsAppDelivery {
  /** The wamids of the messages sent, in order; the last one carries the buttons, if any. */
  sent: { messageId: string; withButtons: boolean }[];
}

/**
 * Sends one turn's reply in order. WhatsApp has nothing to acknowledge for a
 * button press and cannot remove buttons from a sent message: a second tap
 * on an old Pay button arrives as a new message, and the engine refuses a
 * used quote. A failure throws (ChannelApiError kind "blocked" = outside the
 * 24-hour window or undeliverable: stop, do not retry).
 */
export async function deliverWhatsAppReply(
  client: WhatsAppClient,
  reply: Reply,
  target: WhatsAppReplyTarget,
  options: WhatsAppRenderOptions = {},
): Promise<WhatsAppDelivery> {
  const sent: WhatsAppDelivery["sent"] = [];
  for (const call of renderWhatsApp(reply, target, options)) {
    const result = await client.run(call);
    sent.push({ messageId: result.messages[0]?.id ?? "", withButtons: call.message.type === "interactive" });
  }
  return { sent };
}
