/**
 * A WhatsApp image's bytes: GET /<media-id> gives a short-lived URL, which
 * serves the file to the same bearer token. Both steps are bounded
 * (worker/channels/media.ts).
 */
import { z } from "zod";
import type { FetchLike } from "../http.js";
import { downloadImage, MAX_IMAGE_BYTES, MEDIA_TIMEOUT_MS, MediaError, type Image } from "../media.js";
import { WHATSAPP_API_BASE_DEFAULT } from "./client.js";

const MediaInfo = z.looseObject({
  url: z.url({ protocol: /^https?$/ }),
  file_size: z.number().optional(),
  mime_type: z.string().optional(),
});
export const MEDIA_ID = /^[A-Za-z0-9_-]{1,128}$/;

export interface WhatsAppMediaOptions {
  readonly accessToken: string;
  readonly apiBase?: string;
  readonly fetch?: FetchLike;
  readonly maxBytes?: number;
  readonly timeoutMs?: number;
}

export async function downloadWhatsAppImage(mediaId: string, o: WhatsAppMediaOptions): Promise<Image> {
  if (!MEDIA_ID.test(mediaId)) throw new MediaError("bad_status", "not a media id");
  const base = (o.apiBase ?? WHATSAPP_API_BASE_DEFAULT).replace(/\/+$/, "");
  const maxBytes = o.maxBytes ?? MAX_IMAGE_BYTES;
  const timeoutMs = o.timeoutMs ?? MEDIA_TIMEOUT_MS;
  const headers = { authorization: `Bearer ${o.accessToken}` };
  let info: z.infer<typeof MediaInfo>;
  try {
    const res = await (o.fetch ?? fetch)(`${base}/${mediaId}`, { headers, signal: AbortSignal.timeout(timeoutMs) });
    const parsed = MediaInfo.safeParse(await res.json().catch(() => null));
    if (!res.ok || !parsed.success)
      throw new MediaError("bad_status", `media lookup answered ${res.status} without a URL`);
    info = parsed.data;
  } catch (err) {
    if (err instanceof MediaError) throw err;
    throw new MediaError(
      err instanceof DOMException && err.name === "TimeoutError" ? "timeout" : "unreachable",
      "media lookup failed",
    );
  }
  if ((info.file_size ?? 0) > maxBytes)
    throw new MediaError("too_large", `the image is ${info.file_size} bytes, over ${maxBytes}`);
  return downloadImage(info.url, { headers, maxBytes, timeoutMs, ...(o.fetch ? { fetch: o.fetch } : {}) });
}
