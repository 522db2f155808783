/**
 * The model planner behind the plain Planner port (actions only, no reply
 * sentence), for tools that score planners on their own: npm run eval:planner.
 * The Worker itself uses planTurn, which also runs the claims check.
 */
import type { Action } from "../actions.js";
import type { Catalog } from "../../catalog/types.js";
import { EMPTY_VIEW } from "../conversation-view.js";
import type { Planner, PlannerContext, PlannerInput } from "../planner/port.js";
import type { ModelConfig } from "./config.js";
import { planTurn, type ModelTurnLog } from "./model-turn.js";

export class ModelPlanner implements Planner {
  readonly logs: ModelTurnLog[] = [];
  constructor(
    private readonly config: ModelConfig,
    private readonly catalog: Catalog,
    private readonly money: (amount: number, currency: string) => string,
    private readonly now: () => number = Date.now,
  ) {}

  async plan(input: PlannerInput, context: PlannerContext): Promise<readonly Action[]> {
    const planned = await planTurn(input, context, {
      config: this.config,
      catalog: this.catalog,
      money: this.money,
      now: this.now(),
      log: (l) => this.logs.push(l as unknown as ModelTurnLog),
      modelInput: async () => ({
        text: input.text ?? "",
        recent: [],
        currency: context.currency,
        conversation: context.conversation ?? EMPTY_VIEW,
        vocabulary: context.vocabulary,
      }),
    });
    planned.finish("", []);
    return planned.actions;
  }
}
