/** A shopper's photo from whichever channel sent it, as a data: URL for the vision model. */
import type { PhotoRef } from "./inbound.js";
import { imageDataUrl, MediaError, type Image } from "./media.js";
import { downloadTelegramPhoto } from "./telegram/media.js";
import type { TelegramSettings } from "./telegram/client.js";
import { downloadWhatsAppImage } from "./whatsapp/media.js";
import type { WhatsAppSettings } from "./whatsapp/client.js";

/** Throws MediaError (too large, hung, not an image, channel not configured). */
export async function channelPhotoUrl(env: TelegramSettings & WhatsAppSettings, ref: PhotoRef): Promise<string> {
  let image: Image;
  if (ref.channel === "telegram") {
    if (!env.TELEGRAM_BOT_TOKEN) throw new MediaError("unreachable", "Telegram is not configured");
    image = await downloadTelegramPhoto(ref.fileId, {
      token: env.TELEGRAM_BOT_TOKEN,
      ...(env.TELEGRAM_API_BASE ? { apiBase: env.TELEGRAM_API_BASE } : {}),
    });
  } else {
    if (!env.WHATSAPP_ACCESS_TOKEN) throw new MediaError("unreachable", "WhatsApp is not configured");
    image = await downloadWhatsAppImage(ref.mediaId, {
      accessToken: env.WHATSAPP_ACCESS_TOKEN,
      ...(env.WHATSAPP_API_BASE ? { apiBase: env.WHATSAPP_API_BASE } : {}),
    });
  }
  return imageDataUrl(image);
}

/** channelPhotoUrl, or null when the photo cannot be fetched (the shopper is told so); only a bug of ours is logged. */
export async function openChannelPhoto(
  env: TelegramSettings & WhatsAppSettings,
  ref: PhotoRef,
): Promise<string | null> {
  try {
    return await channelPhotoUrl(env, ref);
  } catch (err) {
    if (!(err instanceof MediaError)) console.error("photo download failed", err instanceof Error ? err.message : err);
    return null;
  }
}

export const PHOTO_UNOPENED_TEXT =
  "I couldn't open that photo (it may be too large). Could you send a smaller one, or tell me in words what you're looking for?";
