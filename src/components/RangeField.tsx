import { useEffect, useEffectEvent, useRef } from 'react';
import type { ReactNode } from 'react';
import { markInput } from '../compute/latency';
import { controlTip } from '../model/schema';
import { NumberField, fitToRange } from './NumberField';
import type { NumberRange } from './NumberField';

export interface RangeFieldProps {
  id: string;
  /** visible label of the slider (its accessible name) */
  label: string;
  /** accessible name of the numeric box; must not repeat the slider's key word */
  numberLabel: string;
  value: number;
  /** what the numeric box accepts (the spec's full range) */
  range: NumberRange;
  /** slider ends, usually narrower than `range` so the slider has useful resolution */
  sliderMin?: number;
  sliderMax?: number;
  /** slider step in value units (linear) or decades (log) */
  step?: number;
  /** log-scaled slider (κ(Σ), rtol) */
  log?: boolean;
  disabled?: boolean;
  hint?: ReactNode;
  onValue: (value: number) => void;
  onCommit: () => void;
}

/** A labelled range slider with a numeric box beside it. */
export function RangeField(props: RangeFieldProps) {
  const { id, label, numberLabel, value, range, log = false, disabled, hint } = props;
  const { onValue, onCommit } = props;
  const sliderMin = props.sliderMin ?? range.min;
  const sliderMax = props.sliderMax ?? range.max;
  const step = props.step ?? (log ? 0.01 : range.integer ? 1 : 0.01);
  const toSlider = (x: number) => (log ? Math.log10(x) : x);
  const fromSlider = (s: number) => fitToRange(log ? 10 ** s : s, range);
  const position = Math.min(toSlider(sliderMax), Math.max(toSlider(sliderMin), toSlider(value)));

  // React's onChange on a range input is the native `input` event (every step of a drag); the
  // native `change` event (release, or each key press) is the deliberate commit for history.
  const sliderRef = useRef<HTMLInputElement>(null);
  const commit = useEffectEvent(() => onCommit());
  useEffect(() => {
    const slider = sliderRef.current;
    if (!slider) return undefined;
    const onChange = () => commit();
    slider.addEventListener('change', onChange);
    return () => slider.removeEventListener('change', onChange);
  }, []);

  return (
    <div className={`field range-field${disabled ? ' is-disabled' : ''}`} title={controlTip(id)}>
      <div className="field-head">
        <label htmlFor={id}>{label}</label>
        <NumberField
          id={`${id}-value`}
          ariaLabel={numberLabel}
          value={value}
          range={range}
          disabled={disabled}
          onValue={onValue}
          onCommit={onCommit}
        />
      </div>
      <input
        ref={sliderRef}
        id={id}
        type="range"
        min={toSlider(sliderMin)}
        max={toSlider(sliderMax)}
        step={step}
        value={position}
        disabled={disabled}
        aria-valuetext={String(value)}
        onChange={(event) => {
          const next = fromSlider(Number(event.target.value));
          if (next === value) return;
          markInput();
          onValue(next);
        }}
      />
      {hint ? <p className="field-hint">{hint}</p> : null}
    </div>
  );
}
