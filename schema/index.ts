export * from "./catalog.js";
export * from "./promotions.js";
