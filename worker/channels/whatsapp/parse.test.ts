import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isIgnored, type InboundMessage } from "../inbound.js";
import { parseWhatsAppUpdate } from "./parse.js";

// pywa's test payloads (MIT, see fixtures/pywa_LICENSE), copied into fixtures/.
const fixtures = new URL("./fixtures/", import.meta.url);
const files = readdirSync(fixtures).filter((f) => f.startsWith("pywa_") && f.endsWith(".json"));
const load = (file: string) => JSON.parse(readFileSync(new URL(file, fixtures), "utf8")) as Record<string, unknown>;
const all = files.flatMap((file) =>
  Object.entries(load(file)).map(([name, body]) => [`${file} ${name}`, body] as const),
);
const payload = (file: string, name: string) => load(file)[name];

function messages(body: unknown): InboundMessage[] {
  const parsed = parseWhatsAppUpdate(body);
  if (isIgnored(parsed)) throw new Error(`ignored: ${parsed.ignore}`);
  return parsed;
}
const one = (body: unknown) => {
  const list = messages(body);
  expect(list).toHaveLength(1);
  return list[0]!;
};

describe("parseWhatsAppUpdate", () => {
  it("has pywa fixtures to check", () => {
    expect(all.length).toBeGreaterThan(30);
  });

  it.each(all)("parses %s without throwing", (_name, body) => {
    const parsed = parseWhatsAppUpdate(body);
    if (isIgnored(parsed)) expect(parsed.ignore).toMatch(/\S/);
    else for (const m of parsed) expect(m).toMatchObject({ channel: "whatsapp", replyTo: { channel: "whatsapp" } });
  });

  it("turns a text message into an inbound message keyed by our number, the sender and the wamid", () => {
    expect(one(payload("pywa_message.json", "text"))).toEqual({
      channel: "whatsapp",
      conversationId: "wa:1122334455667:972987654321",
      messageId: "wa:wamid.xyzxyz",
      shopper: "wa:972987654321",
      text: "Body Text",
      at: 1697043223000,
      replyTo: { channel: "whatsapp", phoneNumberId: "1122334455667", to: "972987654321", messageId: "wamid.xyzxyz" },
    });
  });

  it("reads a reply button, a list choice and a template quick reply as the pressed payload", () => {
    expect(one(payload("pywa_callback_button.json", "button")).button).toBe("callback_data");
    expect(one(payload("pywa_callback_selection.json", "callback")).button).toBe("callback_data");
    expect(one(payload("pywa_callback_selection.json", "description")).button).toBe("callback_data");
    expect(one(payload("pywa_callback_button.json", "quick_reply_without_context")).button).toBe("callback_data");
  });

  it("flags images (keeping a caption as text), voice, stickers, edits and the rest as unsupported", () => {
    expect(one(payload("pywa_message.json", "image"))).toMatchObject({ unsupported: "image" });
    expect(one(payload("pywa_message.json", "image")).text).toBeUndefined();
    expect(one(payload("pywa_message.json", "voice")).unsupported).toBe("voice");
    expect(one(payload("pywa_message.json", "audio")).unsupported).toBe("audio");
    expect(one(payload("pywa_message.json", "static_sticker")).unsupported).toBe("sticker");
    expect(one(payload("pywa_message.json", "current_location")).unsupported).toBe("location");
    expect(one(payload("pywa_message.json", "contacts")).unsupported).toBe("contact");
    expect(one(payload("pywa_message.json", "unsupported")).unsupported).toBe("other");
    expect(one(payload("pywa_message.json", "interactive_message_with_err")).unsupported).toBe("other");
    const edit = one(payload("pywa_edited_message.json", "image"));
    expect(edit).toMatchObject({ unsupported: "edited", conversationId: "wa:106540352242922:16505551234" });
    expect(edit.text).toBeUndefined();
    const captioned = structuredClone(payload("pywa_message.json", "image")) as any;
    captioned.entry[0].changes[0].value.messages[0].image.caption = "this one in red?";
    expect(one(captioned)).toMatchObject({ unsupported: "image", text: "this one in red?" });
  });

  it("accepts and ignores delivery statuses, reactions, deletions and system messages", () => {
    for (const name of ["sent", "delivered", "read", "failed", "group"]) {
      expect(parseWhatsAppUpdate(payload("pywa_message_status.json", name))).toEqual({ ignore: "delivery statuses" });
    }
    for (const [file, name] of [
      ["pywa_message.json", "reaction"],
      ["pywa_deleted_message.json", "revoke"],
      ["pywa_system.json", "phone_number_change"],
    ] as const) {
      expect(isIgnored(parseWhatsAppUpdate(payload(file, name)))).toBe(true);
    }
  });

  it("returns every message of a batched body, across entries and changes", () => {
    const text = payload("pywa_message.json", "text") as any;
    const button = payload("pywa_callback_button.json", "button") as any;
    const body = { object: "whatsapp_business_account", entry: [...text.entry, ...button.entry] };
    body.entry[0].changes.push(...(payload("pywa_message_status.json", "sent") as any).entry[0].changes);
    expect(messages(body).map((m) => m.messageId)).toEqual(["wa:wamid.xyzxyz", "wa:wamid.xyzxyz"]);
  });

  it("ignores other objects and fields, and junk", () => {
    expect(parseWhatsAppUpdate({ object: "page", entry: [] })).toEqual({ ignore: "object page is not handled" });
    expect(
      parseWhatsAppUpdate({
        object: "whatsapp_business_account",
        entry: [{ changes: [{ field: "account_update", value: {} }] }],
      }),
    ).toEqual({
      ignore: "account_update changes are not handled",
    });
    expect(isIgnored(parseWhatsAppUpdate(null))).toBe(true);
    expect(
      isIgnored(
        parseWhatsAppUpdate({ entry: [{ changes: [{ field: "messages", value: { messages: [{ id: "x" }] } }] }] }),
      ),
    ).toBe(true);
  });
});
