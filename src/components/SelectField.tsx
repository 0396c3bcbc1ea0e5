import type { ReactNode } from 'react';
import { markInput } from '../compute/latency';
import { controlTip } from '../model/schema';

export interface SelectFieldProps<T extends string> {
  id: string;
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  disabled?: boolean;
  hint?: ReactNode;
  /** a choice is deliberate: the caller updates the store and commits a history step */
  onChoose: (value: T) => void;
}

export function SelectField<T extends string>(props: SelectFieldProps<T>) {
  const { id, label, value, options, disabled, hint, onChoose } = props;
  return (
    <div className={`field select-field${disabled ? ' is-disabled' : ''}`} title={controlTip(id)}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        onChange={(event) => {
          markInput();
          onChoose(event.target.value as T);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint ? <p className="field-hint">{hint}</p> : null}
    </div>
  );
}
