#!/usr/bin/env python3
"""numpy side of `gnlens bench` (reference timings on the same inputs, same run).

Reads a JSON job from stdin:
  {"kernels": [{"n": 500, "file": "/tmp/a500.f64", "reps": 7}, ...],
   "evals":   [{"name": "...", "X": "/tmp/x.f64", "n": 1000, "d": 150,
                "weights": [{"file": "/tmp/w1.f64", "rows": 100, "cols": 150}, ...], "reps": 5}, ...],
   "nonlinear": [{"name": "...", "X": ..., "n": ..., "d": ..., "weights": [...],
                  "activation": "relu" | "leaky_relu", "alpha": 0.01, "reps": 1, "warmup": false}],
   "batchnorm": [the same fields as "nonlinear", L = 2]}
and prints {"numpy": "<version>", "kernels": [{"n", "ms"}], "evals": [{"name", "ms", "kappa"}],
"nonlinear": [{"name", "ms", "kappa", "method", "size"}], "batchnorm": [the same]}.
A kernel or nonlinear entry may say "warmup": false to skip the warm-up call (a later round).

With --serve it stays up for several jobs: one JSON job per line on stdin, one JSON reply per
line on stdout, until stdin closes (gnlens bench alternates its own timings with numpy's this
way, so that a slow phase of a noisy machine hits both sides of a ratio). Matrices read from
the same file are kept between jobs.

Kernels: np.linalg.eigvalsh on the float64 row-major matrix (LAPACK, values only).
Evals: the closed form of gn-math.md §2-5 done the numpy way: Σ = XᵀX/n, its eigendecomposition,
F = V_s √λ_s, P_l, Q_l, M = Σ_l (P_lP_lᵀ) ⊗ (Fᵀ Q_lᵀ Q_l F), eigvalsh(M), κ, and the spectra the
bounds need (per-layer extremes, σ of each Wˡ, κ(UUᵀ)). Medians after one warm-up. Run with OPENBLAS_NUM_THREADS=1 (the caller sets it) for single-thread figures.
Nonlinear: the GN spectrum of a ReLU / leaky-ReLU MLP the plain numpy way (gn-math.md §1, §2,
§6): the analytic Jacobian by matrix products (forward pass, back-propagated Δ_l for all n·k
outputs at once, J_l = Δ_l ⊙ H_l column by column), then the smaller of JJᵀ/n and JᵀJ/n
(BLAS syrk) and eigvalsh; κ with the rtol = 1e-10 cut-off.
Batch norm: a two-layer net with batch norm after the hidden activation (gn-math.md §8, γ = 1,
β = 0, ε = 1e-5, biased batch variance), its full-batch Jacobian in closed form by broadcasting
(∂f/∂W¹ = α_ci(σ'_qi x_qj − A_ij/n − ĥ_qi B_ij/n), ∂f/∂W², ∂f/∂γ, ∂f/∂β; columns W¹, W², γ, β),
then the smaller Gram and eigvalsh as above.
"""
import json
import sys
import time

import numpy as np


def median_ms(fn, reps, warmup=True):
    if warmup:
        fn()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        ts.append((time.perf_counter() - t0) * 1000)
    ts.sort()
    return ts[len(ts) // 2]


def closed_form(X, Ws):
    """Reduced M, its spectrum, and the inputs of every §5 bound, as gnlens computes them."""
    n = X.shape[0]
    sigma = X.T @ X / n
    lam, V = np.linalg.eigh(sigma)
    keep = lam > 1e-12 * lam.max()
    F = V[:, keep] * np.sqrt(lam[keep])
    white = keep.all() and lam.max() / lam[keep].min() - 1 < 1e-12
    L = len(Ws)
    k = Ws[-1].shape[0]
    d = X.shape[1]
    P = [None] * L
    P[L - 1] = np.eye(k)
    for l in range(L - 2, -1, -1):
        P[l] = P[l + 1] @ Ws[l + 1]
    Q = [np.eye(d)]
    for l in range(1, L):
        Q.append(Ws[l - 1] @ Q[l - 1])
    M = sum(np.kron(P[l] @ P[l].T, (Q[l] @ F).T @ (Q[l] @ F)) for l in range(L))
    ev = np.linalg.eigvalsh(M)
    kept = ev[ev > 1e-10 * ev[-1]]
    # bounds: a_l, b_l from P_lP_lᵀ and Q_lᵀQ_l, σ of every layer, and κ(UUᵀ) (its own
    # kd × kd spectrum unless Σ ∝ I, where M's is reused, as gnlens does)
    for l in range(L):
        np.linalg.eigvalsh(P[l] @ P[l].T)
        np.linalg.eigvalsh(Q[l].T @ Q[l])
        np.linalg.svd(Ws[l], compute_uv=False)
    if not white:
        np.linalg.eigvalsh(sum(np.kron(P[l] @ P[l].T, Q[l].T @ Q[l]) for l in range(L)))
    return kept[-1] / kept[0]


def nonlinear_gn(X, Ws, activation, alpha):
    """κ, method and size of the smaller Gram of the analytic Jacobian (rows q·k + c)."""
    n = X.shape[0]
    L = len(Ws)
    k = Ws[-1].shape[0]
    slope = 0.0 if activation == "relu" else alpha
    H = [X]
    S = []
    for l in range(L - 1):
        Z = H[l] @ Ws[l].T
        S.append(np.where(Z > 0, 1.0, slope))
        H.append(np.where(Z > 0, Z, slope * Z))
    D = [None] * L
    D[L - 1] = np.tile(np.eye(k), (n, 1))
    for l in range(L - 1, 0, -1):
        D[l - 1] = (D[l] @ Ws[l]) * np.repeat(S[l - 1], k, axis=0)
    J = np.hstack(
        [(D[l][:, :, None] * np.repeat(H[l], k, axis=0)[:, None, :]).reshape(n * k, -1) for l in range(L)]
    )
    nk = J.shape[0] <= J.shape[1]
    M = (J @ J.T if nk else J.T @ J) / n
    ev = np.linalg.eigvalsh(M)
    kept = ev[ev > 1e-10 * ev[-1]]
    return float(kept[-1] / kept[0]), "gram-nk" if nk else "gn-p", M.shape[0]


def batchnorm_gn(X, Ws, activation, alpha, eps=1e-5):
    """κ, method and size of the smaller Gram of a two-layer BN net's full-batch Jacobian."""
    n, d = X.shape
    W1, W2 = Ws
    m, k = W1.shape[0], W2.shape[0]
    slope = 0.0 if activation == "relu" else alpha
    Z = X @ W1.T
    S = np.where(Z > 0, 1.0, slope)
    A = np.where(Z > 0, Z, slope * Z)
    mu = A.mean(axis=0)
    s = np.sqrt(((A - mu) ** 2).mean(axis=0) + eps)
    Ah = (A - mu) / s
    H = Ah  # γ = 1, β = 0
    Am = S.T @ X  # Σ_p σ'_pi x_pj
    Bm = (Ah * S).T @ X  # Σ_p ĥ_pi σ'_pi x_pj
    coef = W2 / s[None, :]  # α_ci = w_ci γ_i / s_i
    inner = S[:, :, None] * X[:, None, :] - Am[None] / n - Ah[:, :, None] * Bm[None] / n  # (n, m, d)
    J1 = (coef[None, :, :, None] * inner[:, None, :, :]).reshape(n * k, m * d)
    J2 = (np.eye(k)[None, :, :, None] * H[:, None, None, :]).reshape(n * k, k * m)
    Jg = (W2[None, :, :] * Ah[:, None, :]).reshape(n * k, m)
    Jb = np.broadcast_to(W2[None, :, :], (n, k, m)).reshape(n * k, m)
    J = np.hstack([J1, J2, Jg, Jb])
    nk = J.shape[0] <= J.shape[1]
    M = (J @ J.T if nk else J.T @ J) / n
    ev = np.linalg.eigvalsh(M)
    kept = ev[ev > 1e-10 * ev[-1]]
    return float(kept[-1] / kept[0]), "gram-nk" if nk else "gn-p", M.shape[0]


_matrices = {}


def load_matrix(path, n):
    if path not in _matrices:
        _matrices[path] = np.fromfile(path, dtype=np.float64).reshape(n, n)
    return _matrices[path]


def run(job):
    out = {"numpy": np.__version__, "kernels": [], "evals": [], "nonlinear": []}
    for kern in job.get("kernels", []):
        n = kern["n"]
        a = load_matrix(kern["file"], n)
        ms = median_ms(lambda: np.linalg.eigvalsh(a), kern["reps"], kern.get("warmup", True))
        out["kernels"].append({"n": n, "ms": ms})
    for ev in job.get("evals", []):
        X = np.fromfile(ev["X"], dtype=np.float64).reshape(ev["n"], ev["d"])
        Ws = [np.fromfile(w["file"], dtype=np.float64).reshape(w["rows"], w["cols"]) for w in ev["weights"]]
        kappa = closed_form(X, Ws)
        out["evals"].append({"name": ev["name"], "ms": median_ms(lambda: closed_form(X, Ws), ev["reps"]), "kappa": float(kappa)})
    out["batchnorm"] = []
    for key, fn in (("nonlinear", nonlinear_gn), ("batchnorm", batchnorm_gn)):
        for nl in job.get(key, []):
            X = np.fromfile(nl["X"], dtype=np.float64).reshape(nl["n"], nl["d"])
            Ws = [np.fromfile(w["file"], dtype=np.float64).reshape(w["rows"], w["cols"]) for w in nl["weights"]]
            res = {}

            def once():
                res["kappa"], res["method"], res["size"] = fn(X, Ws, nl["activation"], nl["alpha"])

            ms = median_ms(once, nl["reps"], nl.get("warmup", True))
            out[key].append({"name": nl["name"], "ms": ms, **res})
    return out


def main():
    if "--serve" in sys.argv[1:]:
        for line in sys.stdin:
            if line.strip():
                sys.stdout.write(json.dumps(run(json.loads(line))) + "\n")
                sys.stdout.flush()
        return
    json.dump(run(json.load(sys.stdin)), sys.stdout)


if __name__ == "__main__":
    main()
