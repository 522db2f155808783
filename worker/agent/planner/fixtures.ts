/** Shared test fixture: a shop selling clothes, groceries and electronics, priced in USD. */
import type { PlannerContext } from "./port.js";

export const fixtureContext: PlannerContext = {
  currency: "USD",
  vocabulary: {
    colors: [
      "navy",
      "sky blue",
      "royal blue",
      "powder blue",
      "cobalt blue",
      "teal",
      "black",
      "white",
      "red",
      "green",
      "beige",
      "pink",
      "grey",
    ],
    sizes: ["XS", "S", "M", "L", "XL", "36", "37", "38", "39", "40", "41", "42", "43", "44", "500ML", "1KG", "128GB"],
    categories: [
      "dresses",
      "tops",
      "jeans",
      "shoes",
      "jackets",
      "groceries",
      "beverages",
      "electronics",
      "home",
      "beauty",
    ],
  },
};
