/**
 * Downloads of a shopper's photo, bounded in bytes and time: a huge file or a
 * server that stops sending costs the turn a refusal, never the Durable
 * Object's memory or the turn's deadline. The type is read from the bytes
 * (Telegram serves photos as application/octet-stream), so a "photo" that is
 * an HTML page or an executable is refused whatever its header says.
 */
import type { FetchLike } from "./http.js";

export type ImageType = "image/jpeg" | "image/png" | "image/webp" | "image/gif";

export type MediaFailure = "too_large" | "timeout" | "unreachable" | "bad_status" | "not_an_image";

export class MediaError extends Error {
  constructor(
    readonly kind: MediaFailure,
    message: string,
  ) {
    super(message);
    this.name = "MediaError";
  }
}

export interface Image {
  readonly type: ImageType;
  readonly bytes: Uint8Array;
}

/** 5 MB: Telegram's largest photo size is far below; WhatsApp caps images at 5 MB. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MEDIA_TIMEOUT_MS = 5000;

export interface DownloadOptions {
  readonly fetch?: FetchLike;
  readonly headers?: Record<string, string>;
  readonly maxBytes?: number;
  readonly timeoutMs?: number;
}

/** The image type the bytes start with, or null. */
export function sniffImageType(b: Uint8Array): ImageType | null {
  const at = (i: number, ...xs: number[]) => xs.every((x, j) => b[i + j] === x);
  if (at(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp";
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return "image/gif";
  return null;
}

export function imageFromBytes(bytes: Uint8Array): Image {
  const type = sniffImageType(bytes);
  if (!type) throw new MediaError("not_an_image", "the file is not a JPEG, PNG, WebP or GIF image");
  return { type, bytes };
}

/** data:<type>;base64,… — what OpenAI-style vision models take as image_url. */
export function imageDataUrl(image: Image): string {
  let binary = "";
  const CHUNK = 0x8000;
  for (let i = 0; i < image.bytes.length; i += CHUNK)
    binary += String.fromCharCode(...image.bytes.subarray(i, i + CHUNK));
  return `data:${image.type};base64,${btoa(binary)}`;
}

export async function downloadImage(url: string, options: DownloadOptions = {}): Promise<Image> {
  const maxBytes = options.maxBytes ?? MAX_IMAGE_BYTES;
  const abort = new AbortController();
  // One deadline for headers and body together: a server that trickles bytes is a hung server.
  const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? MEDIA_TIMEOUT_MS);
  try {
    let res: Response;
    try {
      res = await (options.fetch ?? fetch)(url, { headers: options.headers ?? {}, signal: abort.signal });
    } catch {
      throw abort.signal.aborted
        ? new MediaError("timeout", "the download took too long")
        : new MediaError("unreachable", "the file server could not be reached");
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new MediaError("bad_status", `the file server answered ${res.status}`);
    }
    const declared = Number(res.headers.get("content-length") ?? NaN);
    if (declared > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new MediaError("too_large", `the file is ${declared} bytes, over ${maxBytes}`);
    }
    if (!res.body) return imageFromBytes(new Uint8Array());
    return imageFromBytes(await readCapped(res.body, maxBytes, abort.signal));
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a stream to its end, refusing (too_large) as soon as it passes `maxBytes`. */
export async function readCapped(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      // The header may lie or be absent: count what actually arrives.
      if (total > maxBytes) throw new MediaError("too_large", `the file is over ${maxBytes} bytes`);
      chunks.push(value);
    }
  } catch (err) {
    await reader.cancel().catch(() => undefined);
    if (err instanceof MediaError) throw err;
    throw signal?.aborted
      ? new MediaError("timeout", "the download took too long")
      : new MediaError("unreachable", "the download broke off");
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
