/**
 * `gnlens eval`: one configuration in, one JSON object out (contract.md §2).
 */
import {
  ConfigError,
  configToJson,
  decodeQuery,
  encodeQuery,
  normalizeConfig,
} from '../core/config';
import { estimateCost } from '../core/cost';
import { evaluate } from '../core/gn/evaluate';
import type { EvalResult, GnConfig } from '../core/types';
import { CliError } from './cliError';
import { nodeImageProvider } from './images';

/** The CLI's JSON for one evaluation (contract.md §2 fields first, then extensions). */
function boundsOutput(bounds: EvalResult['bounds']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, b] of Object.entries(bounds)) {
    if (!b) continue;
    out[id] = {
      value: b.value,
      kind: b.kind,
      applies: b.applies,
      proved: b.proved,
      ratio: b.ratio,
      ...(b.reason !== undefined ? { reason: b.reason } : {}),
    };
  }
  return out;
}

export function evalOutput(result: EvalResult, config: GnConfig): Record<string, unknown> {
  const bounds = boundsOutput(result.bounds);
  const cnn =
    result.kappaDenseEquivalent !== undefined
      ? {
          kappaDenseEquivalent: finiteOrNull(result.kappaDenseEquivalent),
          boundsDenseEquivalent: boundsOutput(result.boundsDenseEquivalent ?? {}),
        }
      : {};
  return {
    kappa: finiteOrNull(result.kappa),
    rank: result.rank,
    size: result.size,
    method: result.method,
    eigenvalues: result.eigenvalues,
    kappaSigma: finiteOrNull(result.kappaSigma),
    bounds,
    ...cnn,
    ...(result.kappaWithoutBatchNorm !== undefined
      ? { kappaWithoutBatchNorm: finiteOrNull(result.kappaWithoutBatchNorm) }
      : {}),
    // with biases: κ⁺ of Σ̃ = X̃ᵀX̃/n on x̃ = [x; 1], the data factor of every bound (gn-math.md §11)
    ...(result.kappaSigmaAugmented !== undefined
      ? { kappaSigmaAugmented: finiteOrNull(result.kappaSigmaAugmented) }
      : {}),
    config: configToJson(config),
    url: encodeQuery(config),
    rankTheory: result.rankTheory,
    rankSigma: result.rankSigma,
    params: result.params,
    zeroCount: result.zeroCount,
    discardedCount: result.discarded.length,
    warnings: result.warnings,
    kernel: result.kernel,
    ms: Math.round(result.ms * 1000) / 1000,
  };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** Parses a JSON config text into a normalised config; CliError (exit 2) on any problem. */
export function configFromJsonText(
  text: string,
  source: string,
): { config: GnConfig; warnings: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${source} is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return normalizeConfig(raw);
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message, e.field);
    throw e;
  }
}

/** A config from a query string; decoding notices become warnings (the URL decoder never fails). */
export function configFromUrl(query: string): { config: GnConfig; warnings: string[] } {
  const q = query.includes('?') ? query.slice(query.indexOf('?')) : query;
  const { config, notices } = decodeQuery(q);
  return { config, warnings: notices };
}

/**
 * Runs the evaluation after the size guard (refused above the hard limit unless `force`);
 * evaluation errors become CliError (exit 2) with the core's message.
 */
export function runEval(
  config: GnConfig,
  warnings: string[],
  force = false,
): Record<string, unknown> {
  const cost = estimateCost(config);
  if (cost.level === 'refuse' && !force) {
    throw new CliError(
      `${cost.reason}${cost.suggestion ? `; ${cost.suggestion}` : ''}; pass --force to run it anyway`,
      'size',
    );
  }
  let result: EvalResult;
  try {
    result = evaluate(config, { images: nodeImageProvider });
  } catch (e) {
    throw new CliError((e as Error).message);
  }
  const out = evalOutput(result, config);
  if (warnings.length > 0) out.warnings = [...warnings, ...result.warnings];
  return out;
}
