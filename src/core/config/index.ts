/**
 * The one configuration in its three spellings (docs/contract.md §1): JSON config (CLI,
 * import), URL query string (shareable links), store params (UI). All derived from the
 * parameter table (src/core/configParams.ts) and pure: no `window`, no DOM.
 *
 * - {@link normalizeConfig} (normalize.ts): strict; JSON in → a full GnConfig, or a ConfigError
 *   naming the bad field and value (the CLI's exit code 2).
 * - {@link decodeQuery} / {@link encodeQuery} (query.ts): the link, lenient / bounded digits.
 * - {@link reconcileConfig} (rules.ts): the cross-field rules, leniently.
 */
export {
  ConfigError,
  DATA_NUM_SPECS,
  DEFAULT_CONFIG,
  MAX_EXPLICIT_ENTRIES,
  NUM_SPECS,
  URL_VERSION,
  WIDTH_SPEC,
  defaultConfig,
} from './specs';
export type { NumSpec } from './specs';
export { normalizeConfig } from './normalize';
export {
  CONFIG_QUERY_KEYS,
  MAX_QUERY_LENGTH,
  decodeQuery,
  encodeQuery,
  importedMatrixNames,
  parseQuery,
} from './query';
export { CROSS_FIELD_RULES, reconcileConfig } from './rules';
export type { GivenFields } from './rules';
export { configToJson } from './json';
export { roundDigits } from '../paramRows';
export { ACTIVATIONS, DATA_SOURCES, INITS, MODELS, SKIPS } from '../configParams';
