/**
 * Cross-field rules, written once as check + fix pairs (docs/architecture.md, "Parameters"):
 * image data fix d and k and cap n; widths follow depth; imported matrices fix what they set;
 * the 1-D CNN is linear, without batch norm or pruning, and its kernels must fit the signal.
 *
 * Applied strictly to JSON ({@link applyRulesStrictly}: a conflict with a field the user gave is
 * a ConfigError naming it; a field left out is derived silently) and leniently to links and UI
 * edits ({@link reconcileConfig}: fixed, with a notice). Pure.
 */
import { IMAGE_DATASETS, imageFeatureCount, isImageSource } from '../data/images';
import { DEFAULT_WIDTH } from '../configParams';
import type { GnConfig } from '../types';
import { ConfigError, cloneConfig } from './specs';

/** A conflict a rule found, and how to settle it. */
interface Conflict {
  /** the field named in a strict error (a JSON path) */
  field: string;
  /** the strict error (JSON) */
  error: string;
  /** the lenient notice (links, controls); null: fixed silently */
  notice: string | null;
  /**
   * When JSON is refused: `always`, or only when the user gave `field` (`given`; otherwise the
   * value is derived silently), or `never` (the strict reader already checked it).
   */
  strict: 'always' | 'given' | 'never';
  /** whether the lenient notice is shown only when the user set `field` */
  noticeIfGiven?: boolean;
  fix: (c: GnConfig) => void;
}

interface Rule {
  id: string;
  check: (c: GnConfig) => Conflict[];
}

const widthsFollowDepth: Rule = {
  id: 'widths follow depth',
  check: (c) =>
    c.m.length === c.L - 1
      ? []
      : [
          {
            field: 'm',
            error: `m must list L − 1 = ${c.L - 1} hidden widths; got ${c.m.length}`,
            notice: null,
            strict: 'never',
            fix: (x) => {
              // New layers get the last width, or the default width when there was none
              // (a depth step from L = 1 must not give a width-1 bottleneck).
              const last = x.m.at(-1) ?? DEFAULT_WIDTH;
              x.m = Array.from({ length: Math.max(0, x.L - 1) }, (_, i) => x.m[i] ?? last);
            },
          },
        ],
};

const importedXFixesSizes: Rule = {
  id: 'an imported X fixes n and d',
  check: (c) => {
    const X = c.X;
    if (!X || X.length === 0) return [];
    const cols = X[0]!.length;
    if (c.d === cols && c.data.n === X.length) return [];
    return [
      {
        field: 'X',
        error: `X rows have ${cols} entries but d = ${c.d}`,
        notice: `the imported X fixes n = ${X.length} and d = ${cols}`,
        strict: 'never',
        fix: (x) => {
          x.d = cols;
          x.data.n = X.length;
        },
      },
    ];
  },
};

const importedWeightsFixShapes: Rule = {
  id: 'imported weights fix depth, widths, d and k',
  check: (c) => {
    const W = c.weights;
    if (!W || W.length === 0 || c.model !== 'mlp') return [];
    const widths = W.slice(0, -1).map((w) => w.length);
    const d = W[0]![0]!.length;
    const k = W[W.length - 1]!.length;
    const same =
      c.L === W.length &&
      c.d === d &&
      c.k === k &&
      c.m.length === widths.length &&
      c.m.every((w, i) => w === widths[i]);
    if (same) return [];
    return [
      {
        field: 'weights',
        error: `the weights fix L = ${W.length}, d = ${d}, k = ${k}`,
        notice: `the imported weights fix L = ${W.length}, d = ${d}, k = ${k} and the widths`,
        strict: 'never',
        fix: (x) => {
          x.L = W.length;
          x.d = d;
          x.k = k;
          x.m = widths;
        },
      },
    ];
  },
};

const imageDataFixesSizes: Rule = {
  id: 'image data fix d, k and the largest n',
  check: (c) => {
    const source = c.data.source;
    if (!isImageSource(source) || c.X) return [];
    const info = IMAGE_DATASETS[source];
    const features = imageFeatureCount(source, c.data.stride);
    const out: Conflict[] = [];
    // Imported weights cannot be re-shaped to fit: a JSON file that pairs them with image data
    // of another size is refused, naming the weights.
    const byWeights = c.weights !== undefined && c.model === 'mlp';
    if (c.d !== features)
      out.push({
        field: byWeights ? 'weights[0]' : 'd',
        error: byWeights
          ? `weights[0] has ${c.d} columns but ${source} at stride ${c.data.stride} has ${features} features`
          : `d = ${c.d} does not match ${source} at stride ${c.data.stride} (${features} features); leave d out`,
        notice: `d = ${c.d} does not match ${source} at stride ${c.data.stride}; using its ${features} features`,
        noticeIfGiven: true,
        strict: byWeights ? 'always' : 'given',
        fix: (x) => {
          x.d = features;
        },
      });
    if (c.k !== info.classes)
      out.push({
        field: byWeights ? 'weights' : 'k',
        error: byWeights
          ? `the last weight matrix has ${c.k} rows but ${source} has ${info.classes} classes`
          : `k = ${c.k} does not match the ${info.classes} classes of ${source}; leave k out`,
        notice: `k = ${c.k} does not match the ${info.classes} classes of ${source}; using k = ${info.classes}`,
        noticeIfGiven: true,
        strict: byWeights ? 'always' : 'given',
        fix: (x) => {
          x.k = info.classes;
        },
      });
    if (c.data.n > info.count)
      out.push({
        field: 'data.n',
        error: `data.n must be at most ${info.count} for ${source} (the images shipped); got ${c.data.n}`,
        notice: `Samples n = ${c.data.n}: only the first ${info.count} images of ${source} are shipped; clamped to ${info.count}`,
        strict: 'given',
        fix: (x) => {
          x.data.n = info.count;
        },
      });
    return out;
  },
};

const cnnIsLinearAndFits: Rule = {
  id: 'the 1-D CNN is linear, has no batch norm or pruning, and its kernels fit',
  check: (c) => {
    if (c.model !== 'cnn1d') return [];
    const out: Conflict[] = [];
    const maxK = Math.floor((c.d - 1) / c.convLayers) + 1;
    if (c.kernel > maxK)
      out.push({
        field: 'kernel',
        error: `kernel = ${c.kernel} with convLayers = ${c.convLayers} leaves no output for d = ${c.d}: need d ≥ convLayers·(kernel − 1) + 1`,
        notice: `Kernel size K = ${c.kernel} leaves no output after ${c.convLayers} convolution${c.convLayers > 1 ? 's' : ''} of a length-${c.d} signal; clamped to ${maxK}`,
        strict: 'always',
        fix: (x) => {
          x.kernel = maxK;
        },
      });
    if (c.activation !== 'linear')
      out.push({
        field: 'activation',
        error: `the 1-D CNN of gn-math.md §7 is linear: activation must be "linear"; got "${c.activation}"`,
        notice: `the 1-D CNN is linear (gn-math.md §7): activation ${c.activation} replaced by linear`,
        strict: 'always',
        fix: (x) => {
          x.activation = 'linear';
        },
      });
    if (c.batchNorm)
      out.push({
        field: 'batchNorm',
        error: 'batch norm is not defined for the 1-D CNN (gn-math.md §7–8)',
        notice: 'batch norm is not defined for the 1-D CNN: turned off',
        strict: 'always',
        fix: (x) => {
          x.batchNorm = false;
        },
      });
    if (c.bias)
      out.push({
        field: 'bias',
        error: 'the 1-D CNN of gn-math.md §7 has no biases: bias must be false',
        notice: 'the 1-D CNN has no biases: turned off',
        strict: 'always',
        fix: (x) => {
          x.bias = false;
          delete x.biases;
        },
      });
    if (c.prune > 0)
      out.push({
        field: 'prune',
        error: `pruning applies to the weight matrices of an MLP: the 1-D CNN needs prune = 0; got ${c.prune}`,
        notice: 'pruning applies to the weight matrices of an MLP: the 1-D CNN uses prune = 0',
        strict: 'always',
        fix: (x) => {
          x.prune = 0;
        },
      });
    return out;
  },
};

const importedBiasesFit: Rule = {
  id: 'imported biases switch biases on and follow the architecture',
  check: (c) => {
    const b = c.biases;
    if (!b) return [];
    const sizes = [...c.m, c.k];
    const fits = b.length === c.L && b.every((v, l) => v.length === sizes[l]);
    if (fits && c.bias) return [];
    return [
      {
        field: 'biases',
        error: fits ? 'biases are given but bias is false' : 'the biases do not fit the layers',
        notice: fits
          ? 'imported biases switch biases on'
          : `the imported biases do not fit ${c.L} layers of sizes ${sizes.join(', ')}: they are dropped (biases start at 0)`,
        strict: 'never',
        fix: (x) => {
          if (fits) x.bias = true;
          else delete x.biases;
        },
      },
    ];
  },
};

/** Every rule, in the order they are applied (later rules see earlier fixes). */
export const CROSS_FIELD_RULES: readonly Rule[] = [
  widthsFollowDepth,
  importedXFixesSizes,
  importedWeightsFixShapes,
  imageDataFixesSizes,
  cnnIsLinearAndFits,
  importedBiasesFit,
];

/**
 * Fields a link need not carry because a rule derives them from others: image data fix d and k
 * (from the data set and the stride). The encoder leaves them out, so a link stays canonical.
 */
export function derivedFields(c: GnConfig): ReadonlySet<string> {
  return isImageSource(c.data.source) && !c.X ? new Set(['d', 'k']) : new Set();
}

/** Which fields the user set explicitly (JSON fields, link keys or edited controls). */
export type GivenFields = Readonly<Record<string, boolean | undefined>>;

/**
 * Strict application (JSON): a conflict the user caused is a ConfigError naming the field; a
 * derived field is set silently. Mutates `c`.
 */
export function applyRulesStrictly(c: GnConfig, given: GivenFields): void {
  for (const rule of CROSS_FIELD_RULES) {
    for (const conflict of rule.check(c)) {
      const refuse =
        conflict.strict === 'always' || (conflict.strict === 'given' && given[conflict.field]);
      if (refuse) throw new ConfigError(conflict.field, conflict.error);
      conflict.fix(c);
    }
  }
}

/** Lenient application (links, controls): every conflict fixed; a notice for each. Mutates. */
export function applyRulesLeniently(c: GnConfig, given: GivenFields): string[] {
  const notices: string[] = [];
  for (const rule of CROSS_FIELD_RULES) {
    for (const conflict of rule.check(c)) {
      const tell =
        conflict.notice !== null && (!conflict.noticeIfGiven || given[conflict.field] === true);
      if (tell) notices.push(conflict.notice!);
      conflict.fix(c);
    }
  }
  return notices;
}

/**
 * Makes a configuration consistent after any change (URL decoding, a UI control, a preset):
 * returns the fixed copy and a notice for each change. `given` says which fields the user set
 * (a notice about d or k is only worth giving for those). Pure.
 */
export function reconcileConfig(
  config: GnConfig,
  given: GivenFields = {},
): { config: GnConfig; notices: string[] } {
  const c = cloneConfig(config);
  const notices = applyRulesLeniently(c, given);
  return { config: c, notices };
}
