import type { Catalog } from "../catalog/types.js";
import { formatMoney } from "../commerce/format.js";
import type { Cart, CartLine, Shop } from "../commerce/types.js";
import type { ReplyBuilder } from "./reply.js";
import type { ConversationState, Focus } from "./state.js";

/** Everything an action handler may use. Handlers change state only through `update`. */
export class TurnContext {
  constructor(
    readonly catalog: Catalog,
    readonly reply: ReplyBuilder,
    private current: ConversationState,
    readonly shop: Shop,
  ) {}

  get state(): ConversationState {
    return this.current;
  }

  /** The conversation's cart: all of the state the checkout engine is given. */
  get cart(): Cart {
    return { lines: this.current.lines, codes: this.current.codes };
  }

  update(patch: Partial<ConversationState>): void {
    this.current = { ...this.current, ...patch };
  }

  setLines(lines: readonly CartLine[]): void {
    this.update({ lines });
  }

  focusOn(focus: Focus | null): void {
    this.update({ focus });
  }

  say(text: string): void {
    this.reply.say(text);
  }

  money(amount: number, currency = this.shop.currency): string {
    return formatMoney(amount, currency, this.shop.locale);
  }
}
