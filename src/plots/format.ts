/** Number formatting for axes, labels and tables: compact, with Unicode exponents (10³). */

const SUPERSCRIPT: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
};

function superscript(n: number): string {
  return String(n)
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('');
}

/** 10ᵏ written compactly: "1", "10", "10²", "10⁻³". */
export function formatPowerOfTen(exponent: number): string {
  if (exponent === 0) return '1';
  if (exponent === 1) return '10';
  return `10${superscript(exponent)}`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * A number with `digits` significant digits: plain between 1e-3 and 1e5, otherwise
 * "m×10ᵏ" (e.g. 3.21×10⁸, 1×10⁻⁵ shown as 10⁻⁵).
 */
export function formatNumber(x: number, digits = 4): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const sign = x < 0 ? '−' : '';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e5) {
    const s = trimZeros(a.toPrecision(digits));
    // toPrecision may switch to exponent form (e.g. 1.000e+4 for digits 1); keep plain digits.
    return sign + (s.includes('e') ? String(Number(s)) : s);
  }
  const [mantissa = '1', exp = '0'] = a.toExponential(Math.max(0, digits - 1)).split('e');
  const m = trimZeros(mantissa);
  const k = Number(exp);
  return sign + (m === '1' ? formatPowerOfTen(k) : `${m}×10${superscript(k)}`);
}

/** Milliseconds as "42 ms" or "1.3 s". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${formatNumber(ms / 1000, 2)} s`;
}

/** An integer with thin-space thousands separators (readable on a projector). */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009');
}
