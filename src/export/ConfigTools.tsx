/**
 * The configuration as a file: "Export configuration (JSON)", "Import configuration…" (file
 * picker, and a file dropped anywhere on the page) and "Copy as Python" (the numpy script that
 * rebuilds the same network and data, src/core/export/python.ts).
 */
import { useEffect, useRef, useState } from 'react';
import { configToJson } from '../core/config';
import { pythonExportSupport, pythonSnippet } from '../core/export/python';
import { selectParams } from '../state/selectors';
import { appStore } from '../state/store';
import { useAppStore } from '../state/useAppStore';
import { importConfigFile } from './configFile';
import { downloadText } from './rasterize';

/**
 * Whether a file is being dragged over the page; a file dropped anywhere on it is imported and
 * the outcome goes to `onStatus` (a state setter: stable, so the listeners are added once).
 */
function useConfigFileDrop(onStatus: (status: string) => void): boolean {
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // dragenter/dragleave fire for every child crossed: count them to know when the page is left.
    let depth = 0;
    const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;
    const onEnter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth++;
      setDragging(true);
    };
    const onLeave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onOver = (event: DragEvent) => {
      if (hasFiles(event)) event.preventDefault();
    };
    const onDrop = (event: DragEvent) => {
      const file = event.dataTransfer?.files[0];
      depth = 0;
      setDragging(false);
      if (!file) return;
      event.preventDefault();
      void importConfigFile(appStore, file).then(onStatus);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragover', onOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [onStatus]);
  return dragging;
}

/** "Copy as Python", disabled with its reason beside it when the export cannot rebuild the net. */
function CopyPythonButton({
  support,
  onStatus,
}: {
  support: ReturnType<typeof pythonExportSupport>;
  onStatus: (status: string) => void;
}) {
  const copyPython = async () => {
    if (!support.ok) return;
    const text = pythonSnippet(appStore.getState().params);
    try {
      await navigator.clipboard.writeText(text);
      onStatus(`Copied the Python script (${text.split('\n').length} lines)`);
    } catch {
      downloadText(text, 'gnlens.py', 'text/x-python');
      onStatus('The clipboard is not available here: saved gnlens.py instead');
    }
  };

  return (
    <>
      <button
        type="button"
        className="button button-outline"
        disabled={!support.ok}
        title={
          support.ok
            ? 'Copy a numpy script that rebuilds this network and data and prints κ(G)'
            : `Not available: ${support.reason}`
        }
        aria-describedby={support.ok ? undefined : 'python-reason'}
        onClick={() => void copyPython()}
      >
        Copy as Python
      </button>
      {support.ok ? null : (
        <span id="python-reason" className="config-note">
          Python: {support.reason}
        </span>
      )}
    </>
  );
}

export function ConfigTools() {
  const params = useAppStore(selectParams);
  const support = pythonExportSupport(params);
  const [status, setStatus] = useState('');
  const dragging = useConfigFileDrop(setStatus);
  const fileRef = useRef<HTMLInputElement>(null);

  return (
    <div className="config-tools" role="group" aria-label="Configuration file">
      <button
        type="button"
        className="button button-outline"
        title="Download the whole configuration as JSON (the CLI's format: npx gnlens eval file.json)"
        onClick={() => {
          const json = `${JSON.stringify(configToJson(appStore.getState().params), null, 2)}\n`;
          downloadText(json, 'gnlens-config.json', 'application/json');
          setStatus('Saved gnlens-config.json');
        }}
      >
        Export configuration (JSON)
      </button>
      <button
        type="button"
        className="button button-outline"
        title="Load a configuration JSON file (or drop one anywhere on the page)"
        onClick={() => fileRef.current?.click()}
      >
        Import configuration…
      </button>
      <input
        ref={fileRef}
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        tabIndex={-1}
        aria-label="Configuration file to import"
        data-testid="config-file"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void importConfigFile(appStore, file).then(setStatus);
        }}
      />
      <CopyPythonButton support={support} onStatus={setStatus} />
      <span className="config-note" role="status" aria-live="polite" data-testid="config-status">
        {status}
      </span>
      {dragging ? (
        <div className="drop-overlay" aria-hidden="true">
          Drop a configuration JSON file to load it
        </div>
      ) : null}
    </div>
  );
}
