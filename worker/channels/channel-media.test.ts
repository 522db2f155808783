// Telegram getFile and WhatsApp media downloads against the channel stand-ins,
// over real HTTP: the happy path and the ways a shopper's photo goes wrong.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelegramStandIn, type TelegramStandIn } from "../../test/stand-ins/telegram/index.js";
import { startWhatsAppStandIn, type WhatsAppStandIn } from "../../test/stand-ins/whatsapp/index.js";
import type { FileBehaviour } from "../../test/stand-ins/media-files.js";
import { MediaError } from "./media.js";
import { downloadTelegramPhoto, telegramPhotoFileId } from "./telegram/media.js";
import { downloadWhatsAppImage } from "./whatsapp/media.js";
import { parseTelegramUpdate } from "./telegram/parse.js";
import { isIgnored } from "./inbound.js";

const TOKEN = "123456:media-test";
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 9, 9, 9]);
const limits = { maxBytes: 256 * 1024, timeoutMs: 400 };
let tg: TelegramStandIn;
let wa: WhatsAppStandIn;
beforeAll(async () => {
  [tg, wa] = await Promise.all([
    startTelegramStandIn({ token: TOKEN }),
    startWhatsAppStandIn({ accessToken: "wa-token" }),
  ]);
});
afterAll(() => Promise.all([tg.close(), wa.close()]));

const kind = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof MediaError ? e.kind : `unexpected ${String(e)}`),
  );

describe("Telegram photos", () => {
  async function sent(fileId: string, behaviour?: FileBehaviour) {
    const { update } = await tg.sendPhoto({
      chatId: 42,
      fileId,
      bytes: JPEG,
      caption: "this in red?",
      ...(behaviour ? { behaviour } : {}),
    });
    const m = parseTelegramUpdate(update);
    if (isIgnored(m)) throw new Error(m.ignore);
    return m;
  }

  it("the parsed update names the largest photo; getFile and the download give its bytes", async () => {
    const m = await sent("ph-1");
    expect(m.photo).toEqual({ channel: "telegram", fileId: "ph-1" });
    expect(m.text).toBe("this in red?");
    const image = await downloadTelegramPhoto(m.photo!.channel === "telegram" ? m.photo!.fileId : "", {
      token: TOKEN,
      apiBase: tg.url,
      ...limits,
    });
    expect(image).toEqual({ type: "image/jpeg", bytes: JPEG });
    expect(tg.calls("getFile").map((c) => c.params)).toContainEqual({ file_id: "ph-1" });
  });

  it("a huge, an endless and a hung download are refused in bounded time; an unknown file_id too", async () => {
    for (const [id, behaviour, expected] of [
      ["ph-huge", "declared_huge", "too_large"],
      ["ph-endless", "endless", "too_large"],
      ["ph-hung", "hang", "timeout"],
    ] as const) {
      await sent(id, behaviour);
      const started = Date.now();
      expect(await kind(downloadTelegramPhoto(id, { token: TOKEN, apiBase: tg.url, ...limits }))).toBe(expected);
      expect(Date.now() - started).toBeLessThan(3000);
    }
    expect(await kind(downloadTelegramPhoto("forged-id", { token: TOKEN, apiBase: tg.url, ...limits }))).toBe(
      "bad_status",
    );
  });

  it("an error never carries the bot token", async () => {
    const err = await downloadTelegramPhoto("forged-id", { token: TOKEN, apiBase: tg.url }).catch((e: Error) => e);
    expect(String((err as Error).message)).not.toContain(TOKEN);
  });

  it("picks the largest size up to 1280 px, and nothing from garbage", () => {
    expect(
      telegramPhotoFileId([
        { file_id: "s", width: 90 },
        { file_id: "m", width: 800 },
        { file_id: "xl", width: 2560 },
      ]),
    ).toBe("m");
    expect(telegramPhotoFileId("nope")).toBeUndefined();
    expect(telegramPhotoFileId([])).toBeUndefined();
  });
});

describe("WhatsApp images", () => {
  const shopper = { from: "15551230000" };
  it("the media lookup and its URL give the bytes, with the bearer token", async () => {
    await wa.sendImage(shopper, { mediaId: "7001", bytes: JPEG });
    expect(await downloadWhatsAppImage("7001", { accessToken: "wa-token", apiBase: wa.apiBase, ...limits })).toEqual({
      type: "image/jpeg",
      bytes: JPEG,
    });
    expect(await kind(downloadWhatsAppImage("7001", { accessToken: "wrong", apiBase: wa.apiBase, ...limits }))).toBe(
      "bad_status",
    );
  });

  it("huge, endless, hung, unknown and forged ids are refused in bounded time", async () => {
    for (const [id, behaviour, expected] of [
      ["7002", "declared_huge", "too_large"],
      ["7003", "endless", "too_large"],
      ["7004", "hang", "timeout"],
    ] as const) {
      await wa.sendImage(shopper, { mediaId: id, bytes: JPEG, behaviour });
      const started = Date.now();
      expect(await kind(downloadWhatsAppImage(id, { accessToken: "wa-token", apiBase: wa.apiBase, ...limits }))).toBe(
        expected,
      );
      expect(Date.now() - started).toBeLessThan(3000);
    }
    expect(await kind(downloadWhatsAppImage("7999", { accessToken: "wa-token", apiBase: wa.apiBase, ...limits }))).toBe(
      "bad_status",
    );
    expect(
      await kind(
        downloadWhatsAppImage("../../v21.0/106540352242922/messages", {
          accessToken: "wa-token",
          apiBase: wa.apiBase,
          ...limits,
        }),
      ),
    ).toBe("bad_status");
  });
});
