/**
 * Seeded pseudo-random numbers, identical in every JavaScript engine (browser, worker, Node).
 *
 * Generator: xoshiro128** (Blackman & Vigna, 2018, public domain, https://prng.di.unimi.it/),
 * seeded through splitmix32 from `(seed, stream)`. Only 32-bit integer arithmetic (`Math.imul`,
 * shifts) is used, so the stream is bit-for-bit the same everywhere. Never `Math.random`.
 */

/** A seeded source of uniforms and standard normals. */
export interface Rng {
  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal N(0, 1) (Box–Muller, both values of each pair used). */
  normal(): number;
  /** Fills `out` with i.i.d. N(0, sd²) values and returns it. Mutates `out`. */
  fillNormal(out: Float64Array, sd?: number): Float64Array;
  /** An independent generator in this one's present state: both go on to draw the same values. */
  fork(): Rng;
}

/** Named streams, so that e.g. changing the depth does not change the data. */
export const STREAM = { data: 1, weights: 2, training: 3, dataset: 4 } as const;

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Creates an independent generator for `(seed, stream)`.
 * @param seed any finite number; its integer part modulo 2³² is used (negative seeds wrap).
 * @param stream sub-stream id (see {@link STREAM}); distinct streams are decorrelated.
 * @throws Error when `seed` is not finite.
 */
export function createRng(seed: number, stream = 0): Rng {
  if (!Number.isFinite(seed)) throw new Error(`invalid seed; not a finite number: ${seed}`);
  const mix = splitmix32((Math.trunc(seed) >>> 0) ^ Math.imul(stream + 1, 0x632be5ab));
  const a = mix();
  const b = mix();
  const c = mix();
  const d = mix();
  // the all-zero state is the one fixed point of xoshiro
  return rngFromState([(a | b | c | d) === 0 ? 1 : a, b, c, d], 0, false);
}

/** The generator in state (a, b, c, d) of xoshiro128**, with Box–Muller's spare normal. */
function rngFromState(
  [a0, b0, c0, d0]: readonly [number, number, number, number],
  spare0: number,
  hasSpare0: boolean,
): Rng {
  let a = a0;
  let b = b0;
  let c = c0;
  let d = d0;
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const uniform = (): number => {
    const hi = nextU32() >>> 5; // 27 bits
    const lo = nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  };
  let spare = spare0;
  let hasSpare = hasSpare0;
  const normal = (): number => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    // Box–Muller; 1 − u ∈ (0, 1] keeps the logarithm finite.
    const u = 1 - uniform();
    const v = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * v;
    spare = radius * Math.sin(angle);
    hasSpare = true;
    return radius * Math.cos(angle);
  };
  return {
    uniform,
    normal,
    fillNormal(out, sd = 1) {
      for (let i = 0; i < out.length; i++) out[i] = sd * normal();
      return out;
    },
    fork: () => rngFromState([a, b, c, d], spare, hasSpare),
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
