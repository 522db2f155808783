export * from "./catalog.js";
export * from "./promotions.js";
export * from "./orders.js";
