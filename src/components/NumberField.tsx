import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import { clampToRow } from '../core/paramRows';
import { markInput } from '../compute/latency';

export interface NumberRange {
  min: number;
  max: number;
  integer: boolean;
  /** significant digits kept (non-integers) */
  digits: number;
}

export interface NumberFieldProps {
  id: string;
  /** accessible name (the visible label may belong to a slider next to it) */
  ariaLabel?: string;
  value: number;
  range: NumberRange;
  disabled?: boolean;
  className?: string;
  /** a valid value was entered (already clamped and rounded) */
  onValue: (value: number) => void;
  /** the entry is finished (Enter or leaving the box): a deliberate history step */
  onCommit?: () => void;
}

/** Parses a typed number; null when it is not one. */
export function parseEntry(text: string): number | null {
  const trimmed = text.trim().replace(/\u2212/g, '-');
  if (trimmed === '') return null;
  const x = Number(trimmed);
  return Number.isFinite(x) ? x : null;
}

/** Clamps and rounds like the URL codec, so the box and the link agree exactly. */
export function fitToRange(x: number, range: NumberRange): number {
  return clampToRow(
    { ...range, key: '', label: '', type: range.integer ? 'integer' : 'number' },
    x,
    range.min,
  );
}

/**
 * A numeric entry box. While typing, each valid in-range value applies at once (the result
 * follows the keyboard); out-of-range or partial entries wait for Enter/blur, then are clamped.
 */
export function NumberField(props: NumberFieldProps) {
  const { id, ariaLabel, value, range, disabled, className, onValue, onCommit } = props;
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? String(value);
  const parsed = draft === null ? value : parseEntry(draft);
  const invalid = draft !== null && (parsed === null || parsed < range.min || parsed > range.max);

  const apply = (text: string, final: boolean) => {
    const x = parseEntry(text);
    if (x === null) return;
    if (!final && (x < range.min || x > range.max)) return;
    const fitted = fitToRange(x, range);
    if (fitted !== value) {
      markInput();
      onValue(fitted);
    }
  };
  const finish = () => {
    if (draft !== null) apply(draft, true);
    setDraft(null);
    onCommit?.();
  };

  return (
    <input
      id={id}
      className={className ?? 'number-input'}
      type="number"
      inputMode="decimal"
      step="any"
      min={range.min}
      max={range.max}
      aria-label={ariaLabel}
      aria-invalid={invalid || undefined}
      disabled={disabled}
      value={shown}
      onChange={(event) => {
        setDraft(event.target.value);
        apply(event.target.value, false);
      }}
      onBlur={finish}
      onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
        if (event.key === 'Enter') finish();
        if (event.key === 'Escape') setDraft(null);
      }}
    />
  );
}
