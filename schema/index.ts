export * from "./catalog.js";
export * from "./promotions.js";
export * from "./orders.js";
export * from "./audit.js";
export * from "./acp.js";
export * from "./refunds.js";
