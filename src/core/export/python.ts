/**
 * "Copy as Python" (issue "Classroom"): a self-contained numpy script that rebuilds exactly the
 * network and data of a configuration — the same seeded PRNG (xoshiro128**, Box–Muller), the same
 * exact-covariance data and initialisation (gn-math.md §9) — and computes the GN spectrum and κ,
 * so a researcher can continue in a notebook. Pure: a string out.
 *
 * Python's libm and V8's may differ in the last bit of log/sin/cos, so the rebuilt matrices agree
 * to rounding (≈1e-15 relative), not bit for bit; κ agrees to ~1e-12 (tested).
 */
import { isImageSource } from '../data/images';
import type { GnConfig } from '../types';
import { encodeQuery } from '../config';
import { STREAM } from '../random';

function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}

/** Whether the snippet can rebuild this configuration (MLPs without batch norm; CNN not yet). */
export function pythonExportSupport(
  config: GnConfig,
): { ok: true } | { ok: false; reason: string } {
  if (config.model !== 'mlp')
    return { ok: false, reason: 'the Python export covers MLPs; the 1-D CNN is not included yet' };
  if (config.batchNorm)
    return { ok: false, reason: 'the Python export does not include batch normalisation' };
  if (config.bias)
    return { ok: false, reason: 'the Python export covers bias-free networks (gn-math.md §1)' };
  if (isImageSource(config.data.source)) {
    return {
      ok: false,
      reason: 'the Python export rebuilds synthetic data; image data sets are not included',
    };
  }
  return { ok: true };
}

/**
 * The numpy script for `config` (throws the reason when {@link pythonExportSupport} says no).
 * Explicit X and weights are embedded as literals. The settings are the only part that depends on
 * the configuration; the functions after them are the same text for every configuration.
 */
export function pythonSnippet(config: GnConfig): string {
  const support = pythonExportSupport(config);
  if (!support.ok) throw new Error(support.reason);
  const functions = [PY_RNG, PY_DATA, PY_WEIGHTS, PY_JACOBIAN, PY_MAIN].join('\n\n\n');
  return `${pythonSettings(config)}\n\n${functions}\n`;
}

/** The script's header and its settings: everything the configuration decides. */
function pythonSettings(config: GnConfig): string {
  const widths = [config.d, ...config.m, config.k];
  const explicitX = config.X ? `np.array(${JSON.stringify(config.X)}, dtype=np.float64)` : 'None';
  const explicitW = config.weights
    ? `[np.array(w, dtype=np.float64) for w in ${JSON.stringify(config.weights)}]`
    : 'None';
  return `# gnlens configuration ${encodeQuery(config)}
# Rebuilds the network and data exactly as gnlens does (seeded xoshiro128** PRNG, gn-math.md §9)
# and computes the Gauss-Newton spectrum G = JᵀJ/n, its rank and κ. Needs only numpy.
import math
import numpy as np

SEED = ${config.seed}
WIDTHS = ${JSON.stringify(widths)}  # d, m_1, …, m_{L-1}, k
ACTIVATION, ALPHA = ${JSON.stringify(config.activation)}, ${config.alpha}
BETA, SKIP = ${config.beta}, ${JSON.stringify(config.skip)}
INIT = ${JSON.stringify(config.init)}
DATA = dict(source=${JSON.stringify(config.data.source)}, n=${config.data.n}, kappa=${config.data.kappa}, whiten=${pyBool(config.data.whiten)}, center=${pyBool(config.data.center)})
RTOL = ${config.rtol}
PRUNE = ${config.prune}
X_EXPLICIT = ${explicitX}
W_EXPLICIT = ${explicitW}
STREAM_DATA, STREAM_WEIGHTS = ${STREAM.data}, ${STREAM.weights}`;
}

/** The seeded PRNG of src/core/random.ts (xoshiro128** through splitmix32, Box–Muller normals). */
const PY_RNG = `M32 = 0xFFFFFFFF


def _imul(a, b):
    return (a * b) & M32


class Rng:
    """xoshiro128** seeded through splitmix32 from (seed, stream): src/core/random.ts."""

    def __init__(self, seed, stream=0):
        s = ((int(seed) & M32) ^ _imul(stream + 1, 0x632BE5AB)) & M32

        def mix():
            nonlocal s
            s = (s + 0x9E3779B9) & M32
            z = s
            z = _imul(z ^ (z >> 16), 0x85EBCA6B)
            z = _imul(z ^ (z >> 13), 0xC2B2AE35)
            return (z ^ (z >> 16)) & M32

        self.a, self.b, self.c, self.d = mix(), mix(), mix(), mix()
        if (self.a | self.b | self.c | self.d) == 0:
            self.a = 1
        self.spare = None

    def _u32(self):
        rotl = lambda x, k: ((x << k) | (x >> (32 - k))) & M32
        result = _imul(rotl(_imul(self.b, 5), 7), 9)
        t = (self.b << 9) & M32
        self.c ^= self.a
        self.d ^= self.b
        self.b ^= self.c
        self.a ^= self.d
        self.c ^= t
        self.d = rotl(self.d, 11)
        return result

    def uniform(self):
        hi = self._u32() >> 5
        lo = self._u32() >> 6
        return (hi * 67108864 + lo) / 9007199254740992

    def normal(self):
        if self.spare is not None:
            z, self.spare = self.spare, None
            return z
        u = 1 - self.uniform()
        v = self.uniform()
        r = math.sqrt(-2 * math.log(u))
        self.spare = r * math.sin(2 * math.pi * v)
        return r * math.cos(2 * math.pi * v)

    def normals(self, rows, cols, sd=1.0):
        return np.array([sd * self.normal() for _ in range(rows * cols)]).reshape(rows, cols)`;

/** Gram–Schmidt (src/core/linalg/qr.ts) and the data: iid or exact covariance, centred, whitened. */
const PY_DATA = `def orthonormal_columns(A):
    """Modified Gram-Schmidt, twice (src/core/linalg/qr.ts): R has a positive diagonal."""
    Q = A.astype(np.float64).copy()
    for j in range(Q.shape[1]):
        for _ in range(2):
            for p in range(j):
                Q[:, j] -= (Q[:, p] @ Q[:, j]) * Q[:, p]
        Q[:, j] /= np.linalg.norm(Q[:, j])
    return Q


def make_data():
    if X_EXPLICIT is not None:
        X = X_EXPLICIT
    else:
        n, d = DATA["n"], WIDTHS[0]
        rng = Rng(SEED, STREAM_DATA)
        if DATA["source"] == "iid":
            X = rng.normals(n, d)
        else:  # exact covariance: XᵀX/n = Q diag(λ) Qᵀ, λ_i = κ^{-(i-1)/(d-1)}
            Q = orthonormal_columns(rng.normals(d, d))
            r = min(n, d)
            lam = np.array([1.0 if d == 1 else DATA["kappa"] ** (-i / (d - 1)) for i in range(d)])
            U = orthonormal_columns(rng.normals(n, r))
            X = math.sqrt(n) * (U @ (np.sqrt(lam[:r])[:, None] * Q[:, :r].T))
    if DATA["center"]:
        X = X - X.mean(axis=0)
    if DATA["whiten"]:  # X ← UVᵀ, null directions dropped
        ev, V = np.linalg.eigh(X.T @ X)
        keep = ev > 1e-12 * ev.max()
        X = X @ (V[:, keep] / np.sqrt(ev[keep])) @ V[:, keep].T
    return X`;

/** The initial weights (orthogonal, Xavier or He), magnitude pruning and the residual skips. */
const PY_WEIGHTS = `def make_weights():
    if W_EXPLICIT is not None:
        Ws = W_EXPLICIT
    else:
        rng = Rng(SEED, STREAM_WEIGHTS)
        gain = {"linear": 1.0, "relu": math.sqrt(2), "leaky_relu": math.sqrt(2 / (1 + ALPHA**2))}[ACTIVATION]
        Ws = []
        for fan_in, fan_out in zip(WIDTHS[:-1], WIDTHS[1:]):
            if INIT == "orthogonal":
                tall = fan_out >= fan_in
                g = rng.normals(fan_out, fan_in) if tall else rng.normals(fan_in, fan_out)
                q = orthonormal_columns(g)
                Ws.append(q if tall else q.T)
            else:
                sd = math.sqrt(2 / (fan_in + fan_out)) if INIT == "xavier_normal" else gain / math.sqrt(fan_in)
                Ws.append(rng.normals(fan_out, fan_in, sd))
    masks = []
    for W in Ws:  # magnitude pruning: ⌊f·size⌋ smallest |w|, ties by row-major index
        order = np.argsort(np.abs(W).ravel(), kind="stable")
        m = np.ones(W.size, dtype=bool)
        m[order[: int(math.floor(PRUNE * W.size))]] = False
        masks.append(m.reshape(W.shape))
    Ws = [W * m for W, m in zip(Ws, masks)]
    L = len(Ws)
    eff = []
    for l, W in enumerate(Ws, start=1):
        skip = BETA != 0 and (SKIP == "all" or (1 < l < L and W.shape[0] == W.shape[1]))
        eff.append(W + BETA * np.eye(*W.shape) if skip else W)
    return Ws, eff, masks`;

/** The activation, its derivative and the Jacobian J of the network output. */
const PY_JACOBIAN = `def act(z):
    if ACTIVATION == "linear":
        return z
    return np.where(z > 0, z, (0.0 if ACTIVATION == "relu" else ALPHA) * z)


def dact(z):
    if ACTIVATION == "linear":
        return np.ones_like(z)
    return np.where(z > 0, 1.0, 0.0 if ACTIVATION == "relu" else ALPHA)


def jacobian(eff, X, masks):
    """J (n·k × p): rows sample-major, columns layer by layer, Wˡ row-major, pruned columns removed."""
    n, L = X.shape[0], len(eff)
    H, Z = [X], []
    for W in eff[:-1]:
        Z.append(H[-1] @ W.T)
        H.append(act(Z[-1]))
    k = eff[-1].shape[0]
    blocks = [None] * L
    D = np.repeat(np.eye(k)[None], n, axis=0)  # n × k × m_l: ∂f/∂z_l
    for l in range(L - 1, -1, -1):
        blocks[l] = np.einsum("nca,nb->ncab", D, H[l]).reshape(n * k, -1)[:, masks[l].ravel()]
        if l > 0:
            D = np.einsum("nca,ab->ncb", D, eff[l]) * dact(Z[l - 1])[:, None, :]
    return np.concatenate(blocks, axis=1)`;

/** The GN spectrum G = JᵀJ/n through the smaller Gram matrix, and κ, rank and κ⁺(Σ) printed. */
const PY_MAIN = `X = make_data()
Ws, eff, masks = make_weights()
n = X.shape[0]
J = jacobian(eff, X, masks)
small = J @ J.T if J.shape[0] <= J.shape[1] else J.T @ J  # same non-zero spectrum (gn-math.md §2)
ev = np.linalg.eigvalsh(small / n)[::-1]
kept = ev[ev > RTOL * ev[0]]
sigma = np.linalg.eigvalsh(X.T @ X / n)[::-1]
sigma_kept = sigma[sigma > 1e-12 * sigma[0]]
print("rank", len(kept), "kappa", kept[0] / kept[-1], "kappa_sigma", sigma_kept[0] / sigma_kept[-1])`;
