import type { ProductSummary } from "../catalog/types.js";

export interface Button {
  readonly label: string;
  /** A payload from payloads.ts; the client sends it back as `button`. */
  readonly payload: string;
}

/** The channel-neutral reply model every channel renders. */
export interface Reply {
  readonly text: string;
  readonly buttons: readonly Button[];
  readonly products?: readonly ProductSummary[];
}

/** Accumulates the parts of a reply while several actions run in one turn. */
export class ReplyBuilder {
  private readonly paragraphs: string[] = [];
  private buttons: Button[] = [];
  private products: ProductSummary[] | undefined;

  say(text: string): this {
    this.paragraphs.push(text);
    return this;
  }

  /** The last action that offers choices wins: those are the ones that are still current. */
  offer(buttons: readonly Button[]): this {
    this.buttons = [...buttons];
    return this;
  }

  show(products: readonly ProductSummary[]): this {
    this.products = [...products];
    return this;
  }

  build(): Reply {
    const text = this.paragraphs.join("\n\n");
    return this.products ? { text, buttons: this.buttons, products: this.products } : { text, buttons: this.buttons };
  }
}
