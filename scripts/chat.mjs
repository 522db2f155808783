// npm run chat [-- --url http://127.0.0.1:8787] [--conversation ID]
// A terminal client for the local server (`npm run dev`): type a message, or
// a button's number to press it. The cart and the open quote are shown under
// each reply. A fresh conversation id per session unless --conversation.
import { randomUUID } from "node:crypto";
import readline from "node:readline/promises";

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const base = (opt("url") ?? process.env.CHAT_URL ?? `http://127.0.0.1:${process.env.PORT ?? "8787"}`).replace(
  /\/$/,
  "",
);
const conversation = opt("conversation") ?? `cli-${randomUUID()}`;
const money = (n, c) => new Intl.NumberFormat("en-US", { style: "currency", currency: c }).format(n / 100);

let buttons = [];
const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
console.log(`conversation ${conversation} on ${base} (resume with --conversation ${conversation}; Ctrl-D to quit)`);

async function send(body) {
  const res = await fetch(`${base}/v1/chat`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ conversation_id: conversation, message_id: randomUUID(), ...body }),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok)
    return void console.log(
      `! ${res.status} ${json.error?.code ?? ""}: ${json.error?.message ?? json.reply?.text ?? ""}`,
    );
  console.log(`\n${json.reply.text}`);
  buttons = json.reply.buttons ?? [];
  buttons.forEach((b, i) => console.log(`  [${i + 1}] ${b.label}`));
  const cart = json.cart;
  if (cart?.lines?.length) {
    console.log(
      `  cart: ${cart.lines.map((l) => `${l.quantity}× ${l.title}${l.options?.size ? ` ${l.options.size}` : ""}`).join(", ")} — total ${money(cart.total, cart.currency)}`,
    );
  }
  if (json.quote) console.log(`  open quote ${json.quote.id}: ${money(json.quote.total, json.quote.currency)}`);
  if (json.order) console.log(`  order ${json.order.id}: ${json.order.status}`);
}

for (;;) {
  let line;
  try {
    line = (await rl.question("\nyou> ")).trim();
  } catch {
    break;
  }
  if (!line) continue;
  const n = /^\d+$/.test(line) ? Number(line) : 0;
  try {
    await send(n >= 1 && n <= buttons.length ? { button: buttons[n - 1].payload } : { text: line });
  } catch (err) {
    console.log(`! cannot reach ${base}: ${err.message} (is \`npm run dev\` running?)`);
  }
}
rl.close();
