import { describe, expect, it } from "vitest";
import { parseTelegramPayment } from "./parse-payment.js";
import { parseTelegramUpdate } from "./parse.js";

const from = { id: 111, is_bot: false, first_name: "Ana" };
const query = {
  id: "pcq-1",
  from,
  currency: "USD",
  total_amount: 450,
  invoice_payload: "q_0123456789abcdef01234567.abababababababab",
};
const payment = {
  currency: "USD",
  total_amount: 450,
  invoice_payload: query.invoice_payload,
  telegram_payment_charge_id: "tgch_1",
  provider_payment_charge_id: "ch_1",
};
const paymentMessage = (p: unknown) => ({
  update_id: 2,
  message: { message_id: 5, from, chat: { id: 111, type: "private" }, date: 1, successful_payment: p },
});

describe("parseTelegramPayment", () => {
  it("reads a pre_checkout_query and a successful_payment", () => {
    expect(parseTelegramPayment({ update_id: 1, pre_checkout_query: query })).toEqual({
      kind: "pre_checkout_query",
      updateId: 1,
      query,
    });
    expect(parseTelegramPayment(paymentMessage(payment))).toEqual({
      kind: "successful_payment",
      updateId: 2,
      chatId: 111,
      fromId: 111,
      payment,
    });
  });

  it("leaves every other update to parseTelegramUpdate", () => {
    const text = { update_id: 3, message: { message_id: 1, chat: { id: 1 }, text: "hi" } };
    expect(parseTelegramPayment(text)).toBeNull();
    expect(parseTelegramPayment({ nonsense: true })).toBeNull();
    expect(parseTelegramPayment(null)).toBeNull();
  });

  it.each([
    ["an unknown field", { ...query, tip: 1 }],
    ["a negative amount", { ...query, total_amount: -450 }],
    ["a fractional amount", { ...query, total_amount: 4.5 }],
    ["a lower-case currency", { ...query, currency: "usd" }],
    ["a payload over 128 bytes", { ...query, invoice_payload: "x".repeat(129) }],
    ["no payer", { ...query, from: undefined }],
  ])("refuses a pre_checkout_query with %s, keeping its id to answer no", (_why, q) => {
    expect(parseTelegramPayment({ update_id: 1, pre_checkout_query: q })).toEqual({
      kind: "malformed_pre_checkout_query",
      updateId: 1,
      queryId: "pcq-1",
    });
  });

  it.each([
    ["an unknown field", { ...payment, bonus: true }],
    ["no charge id", { ...payment, telegram_payment_charge_id: undefined }],
    ["an amount as a string", { ...payment, total_amount: "450" }],
  ])("never reads a successful_payment with %s", (_why, p) => {
    expect(parseTelegramPayment(paymentMessage(p))).toEqual({ kind: "malformed_successful_payment", updateId: 2 });
  });

  it("a successful_payment is still a service message to the chat parser (no reply)", () => {
    expect(parseTelegramUpdate(paymentMessage(payment))).toEqual({ ignore: "service message" });
  });
});
