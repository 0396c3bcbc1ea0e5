/**
 * "Your own matrices": data X, targets Y and weights W¹ … Wᴸ from CSV files (issue
 * "Robustness"), and your own network from `.safetensors` / `.npz` / `.npy` files (issue "own
 * network", item 2: a state_dict in the weights row, a batch with X and Y in the data X row), by
 * picker or drop. Files are size-checked, read and parsed in a worker, validated against the
 * configuration, and any problem is named in the notice area (file, row, line, column, value;
 * file, tensor, shape, dtype). The mapping a tensor import used is shown under the rows.
 * An imported matrix fixes what it defines (X: n and d; weights: depth, widths, d and k); the
 * controls concerned say so. A link cannot carry matrices: the note says how to share them.
 */
import { useRef, useState } from 'react';
import { MATRIX_TARGET_NAMES } from '../core/importing';
import type { MatrixTarget } from '../core/importing';
import type { GnConfig } from '../core/types';
import { importOwnFiles, removeImportedMatrix } from '../compute/matrixImport';
import { controlTip } from '../model/schema';
import { selectParams } from '../state/selectors';
import { appStore } from '../state/store';
import { useAppStore } from '../state/useAppStore';

const HELP: Readonly<Record<MatrixTarget, string>> = {
  X: 'One row per sample, one column per input feature (n × d). Fixes n and d.',
  Y: 'Training targets: one row per sample, one column per output (n × k).',
  weights:
    'One CSV per layer, Wˡ with m_l rows and m_(l−1) columns; chosen together, taken in file-name order (w1, w2, …). Or a PyTorch state_dict as .safetensors / .npz, or one .npy per tensor (0.weight.npy, …).',
};

/** What each row's picker offers. */
const ACCEPT: Readonly<Record<MatrixTarget, string>> = {
  X: '.csv,.tsv,.txt,text/csv,text/plain,.npz,.npy,.safetensors',
  Y: '.csv,.tsv,.txt,text/csv,text/plain',
  weights: '.csv,.tsv,.txt,text/csv,text/plain,.safetensors,.npz,.npy,.pt,.pth',
};

/** "200 × 30" for a matrix, "4 × 10, 10 × 10, 3 × 10" for the weights. */
export function importedShape(config: GnConfig, target: MatrixTarget): string | null {
  const shape = (m: number[][]) => `${m.length} × ${m[0]?.length ?? 0}`;
  if (target === 'X') return config.X ? shape(config.X) : null;
  if (target === 'Y') return config.Y ? shape(config.Y) : null;
  return config.weights && !config.kernels ? config.weights.map(shape).join(', ') : null;
}

function MatrixRow(props: {
  target: MatrixTarget;
  config: GnConfig;
  busy: boolean;
  onFiles: (target: MatrixTarget, files: File[]) => void;
  onRemove: (target: MatrixTarget) => void;
}) {
  const { target, config, busy } = props;
  const inputRef = useRef<HTMLInputElement>(null);
  const shape = importedShape(config, target);
  const name = MATRIX_TARGET_NAMES[target];
  const disabled = busy || (target === 'weights' && config.model !== 'mlp');
  return (
    <li
      className="matrix-row"
      data-testid={`matrix-${target}`}
      onDragOver={(event) => {
        if (!disabled) event.preventDefault();
      }}
      onDrop={(event) => {
        event.preventDefault();
        const files = [...(event.dataTransfer?.files ?? [])];
        if (!disabled && files.length > 0) props.onFiles(target, files);
      }}
    >
      <span className="matrix-name">{name}</span>
      <span className="matrix-state" data-testid={`matrix-${target}-shape`}>
        {shape ?? 'generated'}
      </span>
      <button
        type="button"
        className="button button-quiet"
        disabled={disabled}
        title={HELP[target]}
        onClick={() => inputRef.current?.click()}
      >
        {shape ? 'Replace…' : target === 'Y' ? 'Load CSV…' : 'Load file…'}
      </button>
      {shape ? (
        <button
          type="button"
          className="button button-quiet"
          disabled={busy}
          title={`Drop the imported ${name}; the page generates it again`}
          onClick={() => props.onRemove(target)}
        >
          Remove
        </button>
      ) : null}
      <input
        ref={inputRef}
        type="file"
        accept={ACCEPT[target]}
        multiple={target === 'weights'}
        className="visually-hidden"
        tabIndex={-1}
        aria-label={`${target === 'Y' ? 'CSV file' : 'Files'} for ${name}`}
        data-testid={`matrix-${target}-file`}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = '';
          if (files.length > 0) props.onFiles(target, files);
        }}
      />
    </li>
  );
}

export function MatrixImport() {
  const params = useAppStore(selectParams);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const targets: MatrixTarget[] = ['X', 'Y', 'weights'];
  // The mapping each row's last tensor import used, with the shape it imported: shown while the
  // row still holds that import (a CSV import, Remove, undo or a JSON import hide it).
  const [mappings, setMappings] = useState<
    Partial<Record<MatrixTarget, { lines: string[]; shape: string | null }>>
  >({});
  const setMapping = (target: MatrixTarget, lines: string[]) =>
    setMappings((m) => ({
      ...m,
      [target]: { lines, shape: importedShape(appStore.getState().params, target) },
    }));
  const mapping = (['weights', 'X'] as const).flatMap((t) => {
    const m = mappings[t];
    return m && m.shape !== null && m.shape === importedShape(params, t) ? m.lines : [];
  });
  const anyImported = Boolean(params.X || params.Y || (params.weights && !params.kernels));
  // Opens when matrices arrive (a file here, or a configuration JSON that carries them); the
  // user may close it again.
  const [open, setOpen] = useState(anyImported);
  const [wasImported, setWasImported] = useState(anyImported);
  if (anyImported !== wasImported) {
    setWasImported(anyImported);
    if (anyImported) setOpen(true);
  }
  const onFiles = (target: MatrixTarget, files: File[]) => {
    setBusy(true);
    setStatus(`Reading ${files.length === 1 ? files[0]!.name : `${files.length} files`}…`);
    void importOwnFiles(appStore, target, files)
      .then((outcome) => {
        setStatus(outcome.status);
        // Only a successful import replaces what the row shows (nothing changes on error).
        if (outcome.ok) setMapping(target, outcome.mapping);
      })
      .finally(() => setBusy(false));
  };
  return (
    <div className="field" title={controlTip('ctl-own')}>
      <details
        className="matrix-import"
        open={open}
        onToggle={(event) => setOpen(event.currentTarget.open)}
      >
        <summary id="ctl-own">
          Your own matrices (CSV) or network (.safetensors, .npz, .npy)
        </summary>
        <ul className="matrix-list">
          {targets.map((target) => (
            <MatrixRow
              key={target}
              target={target}
              config={params}
              busy={busy}
              onFiles={onFiles}
              onRemove={(t) => {
                setStatus(removeImportedMatrix(appStore, t));
                setMapping(t, []);
              }}
            />
          ))}
        </ul>
        <p className="field-hint">
          Numbers separated by commas, semicolons, tabs or spaces; one row per line; an optional
          header line. Or a state_dict (.safetensors, .npz, several .npy) as the weights and a batch
          with X and Y (.npz) as the data; drop files on a row.
          {anyImported
            ? ' A link cannot carry these matrices: share them with “Export configuration (JSON)”.'
            : ''}
        </p>
        <p className="field-hint" role="status" aria-live="polite" data-testid="matrix-status">
          {status}
        </p>
        {mapping.length > 0 ? (
          <ul className="field-hint matrix-mapping" data-testid="matrix-mapping">
            {mapping.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        ) : null}
      </details>
    </div>
  );
}
