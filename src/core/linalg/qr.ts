/**
 * Thin QR by modified Gram–Schmidt with one re-orthogonalisation pass ("twice is enough",
 * Giraud, Langou & Rozložník 2005): orthogonality ‖QᵀQ − I‖ ≈ ε for full-column-rank input.
 * Gram–Schmidt yields the unique factorisation with a positive diagonal of R, which is the
 * sign convention of gn-math.md §9 ("signs fixed so R has a positive diagonal").
 */
import { zeros, type Mat } from './matrix';

/**
 * Orthonormal basis `Q` (rows × cols, rows ≥ cols) of the column space of `a`, with `a = QR`,
 * R upper triangular with positive diagonal. Does not mutate `a`. O(rows·cols²).
 * @throws Error when rows < cols or a column is (numerically) dependent on the previous ones.
 */
export function orthonormalColumns(a: Mat): Mat {
  const { rows, cols } = a;
  if (rows < cols) throw new Error(`orthonormalColumns: need rows ≥ cols; got ${rows}×${cols}`);
  // Work column-major for contiguous column access.
  const q = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) q[j * rows + i] = a.data[i * cols + j]!;
  for (let j = 0; j < cols; j++) {
    const cj = j * rows;
    let norm0 = 0;
    for (let i = 0; i < rows; i++) norm0 += q[cj + i]! * q[cj + i]!;
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        const cp = p * rows;
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += q[cp + i]! * q[cj + i]!;
        for (let i = 0; i < rows; i++) q[cj + i] = q[cj + i]! - dot * q[cp + i]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += q[cj + i]! * q[cj + i]!;
    if (!(norm > 1e-24 * norm0) || norm === 0)
      throw new Error(`orthonormalColumns: column ${j} is linearly dependent on the previous ones`);
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < rows; i++) q[cj + i] = q[cj + i]! * inv;
  }
  const out = zeros(rows, cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) out.data[i * cols + j] = q[j * rows + i]!;
  return out;
}
