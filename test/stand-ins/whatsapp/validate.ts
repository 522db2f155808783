// The Cloud API's checks of a POST /<phone-number-id>/messages body, for the
// message types the agent sends (text, interactive button, interactive list),
// with Graph-shaped errors. Limits:
// https://developers.facebook.com/docs/whatsapp/cloud-api/messages/text-messages,
// …/interactive-reply-buttons-messages, …/interactive-list-messages.

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly details?: string,
    readonly subcode?: number,
  ) {
    super(message);
  }
}

const param = (message: string) => new GraphError(400, 100, `(#100) ${message}`);
/** 131009 is what the Cloud API answers for a value out of range (a too-long title, too many buttons). */
const invalid = (details: string) => new GraphError(400, 131009, "(#131009) Parameter value is not valid", details);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function length(value: unknown, what: string, min: number, max: number): string {
  if (typeof value !== "string") throw param(`The parameter ${what} is required.`);
  if (value.length < min || value.length > max)
    throw invalid(`${what} length invalid. Min length: ${min}, Max length: ${max}`);
  return value;
}

function unique(values: string[], what: string): void {
  if (new Set(values).size !== values.length) throw invalid(`Duplicate ${what} is not allowed`);
}

function text(body: Obj): void {
  const t = body.text;
  if (!isObj(t) || typeof t.body !== "string") throw param("The parameter text['body'] is required.");
  if (t.body.trim() === "") throw param("Param text['body'] must be non-empty.");
  if (t.body.length > 4096) throw param("Param text['body'] must be at most 4096 characters long.");
}

function common(i: Obj): void {
  if (!isObj(i.body)) throw param("The parameter interactive['body'] is required.");
  // The reply-button limit; list bodies are held to it too (stricter than needed is safe for a stand-in).
  length(i.body.text, "Body text", 1, 1024);
  if (i.footer !== undefined) length(isObj(i.footer) ? i.footer.text : undefined, "Footer text", 1, 60);
  if (i.header !== undefined) {
    if (!isObj(i.header) || i.header.type !== "text") throw param("Only text headers are supported by the stand-in.");
    length(i.header.text, "Header text", 1, 60);
  }
}

function buttons(action: Obj): void {
  const list = action.buttons;
  if (!Array.isArray(list) || list.length === 0)
    throw param("The parameter interactive['action']['buttons'] is required.");
  if (list.length > 3) throw invalid("Number of buttons invalid. Min: 1, Max: 3");
  const ids: string[] = [];
  const titles: string[] = [];
  for (const b of list) {
    if (!isObj(b) || b.type !== "reply" || !isObj(b.reply))
      throw param("Param interactive['action']['buttons'][0]['type'] must be one of {REPLY}.");
    ids.push(length(b.reply.id, "Button id", 1, 256));
    titles.push(length(b.reply.title, "Button title", 1, 20));
  }
  unique(ids, "button id");
  unique(titles, "button title");
}

function list(action: Obj): void {
  length(action.button, "Button text", 1, 20);
  const sections = action.sections;
  if (!Array.isArray(sections) || sections.length === 0)
    throw param("The parameter interactive['action']['sections'] is required.");
  if (sections.length > 10) throw invalid("Number of sections invalid. Min: 1, Max: 10");
  const ids: string[] = [];
  for (const s of sections) {
    if (!isObj(s) || !Array.isArray(s.rows) || s.rows.length === 0)
      throw param("The parameter interactive['action']['sections'][0]['rows'] is required.");
    if (sections.length > 1 || s.title !== undefined) length(s.title, "Section title", 1, 24);
    for (const r of s.rows) {
      if (!isObj(r)) throw param("Param interactive['action']['sections'][0]['rows'][0] must be an object.");
      ids.push(length(r.id, "Row id", 1, 200));
      length(r.title, "Row title", 1, 24);
      if (r.description !== undefined) length(r.description, "Row description", 0, 72);
    }
  }
  if (ids.length > 10) throw invalid("Total row count exceed max allowed count: 10");
  unique(ids, "row id");
}

/** Throws GraphError unless `body` is a text or interactive (button / list) message the Cloud API would take. */
export function validateMessage(body: unknown): asserts body is Obj {
  if (!isObj(body)) throw param("Invalid JSON body.");
  if (body.messaging_product === undefined) throw param("The parameter messaging_product is required.");
  if (body.messaging_product !== "whatsapp")
    throw param(`Param messaging_product must be one of {WHATSAPP} - got "${String(body.messaging_product)}".`);
  if (typeof body.to !== "string" || body.to === "") throw param("The parameter to is required.");
  if (body.recipient_type !== undefined && body.recipient_type !== "individual")
    throw param("Param recipient_type must be one of {INDIVIDUAL}.");
  const type = body.type ?? "text";
  if (type === "text") return text(body);
  if (type !== "interactive")
    throw param(`Param type "${String(type)}" is not implemented by the stand-in (text, interactive).`);
  const i = body.interactive;
  if (!isObj(i)) throw param("The parameter interactive is required.");
  common(i);
  if (!isObj(i.action)) throw param("The parameter interactive['action'] is required.");
  if (i.type === "button") return buttons(i.action);
  if (i.type === "list") return list(i.action);
  throw param(`Param interactive['type'] "${String(i.type)}" is not implemented by the stand-in (button, list).`);
}
