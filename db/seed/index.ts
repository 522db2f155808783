export {
  buildCatalog,
  productId,
  CURRENCY,
  DAY_MS,
  MILK_TEA_SKU,
  SKU_PATTERN,
  SPECIAL_PRODUCT_COUNT,
  type BuildCatalogOptions,
  type PriceHistoryRow,
  type ProductRow,
  type PromotionRow,
  type SeedCatalog,
  type VariantRow,
} from "./catalog.js";
export {
  seedSqlFile,
  seedStatements,
  sqlLiteral,
  sqlString,
  DEFAULT_MAX_STATEMENT_CHARS,
  type SeedSqlOptions,
} from "./sql.js";
export { BLUE_SHADES, CATEGORIES, COLOR_CODES } from "./vocabulary.js";
export { mulberry32, deriveSeed, type Rng } from "./prng.js";
