import { z } from "zod";

/**
 * The parts of a WhatsApp Cloud API webhook we read
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/components).
 * Loose objects with optional fields: Meta adds fields (user_id, BSUIDs,
 * groups) without notice, and one odd message must not sink the others, so
 * each message is parsed on its own.
 */
export const WhatsAppUpdate = z.looseObject({
  object: z.string().optional(),
  entry: z.array(
    z.looseObject({
      id: z.string().optional(),
      changes: z.array(z.looseObject({ field: z.string().optional(), value: z.unknown() })).optional(),
    }),
  ),
});

export const WhatsAppValue = z.looseObject({
  messaging_product: z.string().optional(),
  metadata: z.looseObject({ phone_number_id: z.string(), display_phone_number: z.string().optional() }).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

const Reply = z.looseObject({ id: z.string(), title: z.string().optional() });
const Media = z.looseObject({
  id: z.string().optional(),
  caption: z.string().optional(),
  voice: z.boolean().optional(),
});

export const WhatsAppMessage = z.looseObject({
  from: z.string(),
  id: z.string(),
  timestamp: z.string().optional(),
  type: z.string().optional(),
  text: z.looseObject({ body: z.string() }).optional(),
  interactive: z
    .looseObject({
      type: z.string().optional(),
      button_reply: Reply.optional(),
      list_reply: Reply.optional(),
    })
    .optional(),
  /** A quick-reply button of a template message. */
  button: z.looseObject({ payload: z.string().optional(), text: z.string().optional() }).optional(),
  image: Media.optional(),
  audio: Media.optional(),
  video: Media.optional(),
  document: Media.optional(),
});
export type WhatsAppMessage = z.infer<typeof WhatsAppMessage>;
