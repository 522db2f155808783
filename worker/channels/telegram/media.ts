/**
 * A Telegram photo's bytes: getFile names the file, /file/bot<token>/<path>
 * serves it. Both steps are bounded (worker/channels/media.ts); errors never
 * carry the URL, which holds the bot token.
 */
import { z } from "zod";
import type { FetchLike } from "../http.js";
import { downloadImage, MAX_IMAGE_BYTES, MEDIA_TIMEOUT_MS, MediaError, type Image } from "../media.js";
import { TELEGRAM_API_BASE_DEFAULT } from "./client.js";

const PhotoSize = z.looseObject({
  file_id: z.string().min(1).max(256),
  width: z.number().optional(),
  file_size: z.number().optional(),
});
const GetFile = z.object({
  ok: z.literal(true),
  result: z.looseObject({
    file_path: z
      .string()
      .regex(/^[\w./-]{1,256}$/)
      .refine((p) => !p.includes("..")),
    file_size: z.number().optional(),
  }),
});

// The size the model needs: Telegram's 800 px variant is plenty, and far smaller than the original.
const WANTED_WIDTH = 1280;

/** The file_id of the largest photo size up to 1280 px wide (the list Telegram sends is smallest first). */
export function telegramPhotoFileId(photo: unknown): string | undefined {
  const sizes = z.array(PhotoSize).max(20).safeParse(photo);
  if (!sizes.success || sizes.data.length === 0) return undefined;
  const fit = sizes.data.filter((s) => (s.width ?? 0) <= WANTED_WIDTH && (s.file_size ?? 0) <= MAX_IMAGE_BYTES);
  return (fit.at(-1) ?? sizes.data[0]!).file_id;
}

export interface TelegramMediaOptions {
  readonly token: string;
  readonly apiBase?: string;
  readonly fetch?: FetchLike;
  readonly maxBytes?: number;
  readonly timeoutMs?: number;
}

export async function downloadTelegramPhoto(fileId: string, o: TelegramMediaOptions): Promise<Image> {
  const base = (o.apiBase ?? TELEGRAM_API_BASE_DEFAULT).replace(/\/+$/, "");
  const maxBytes = o.maxBytes ?? MAX_IMAGE_BYTES;
  const timeoutMs = o.timeoutMs ?? MEDIA_TIMEOUT_MS;
  let info: z.infer<typeof GetFile>["result"];
  try {
    const res = await (o.fetch ?? fetch)(`${base}/bot${o.token}/getFile`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ file_id: fileId }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const parsed = GetFile.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new MediaError("bad_status", `getFile answered ${res.status} without a file path`);
    info = parsed.data.result;
  } catch (err) {
    if (err instanceof MediaError) throw err;
    throw new MediaError(
      err instanceof DOMException && err.name === "TimeoutError" ? "timeout" : "unreachable",
      "getFile failed",
    );
  }
  if ((info.file_size ?? 0) > maxBytes)
    throw new MediaError("too_large", `the photo is ${info.file_size} bytes, over ${maxBytes}`);
  return downloadImage(`${base}/file/bot${o.token}/${info.file_path}`, {
    maxBytes,
    timeoutMs,
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
}
