/**
 * Configuration files in and out of the page (issue "Classroom"): the whole configuration as
 * JSON (`configToJson`, the CLI's format) and back, validated by `importConfigText`. Every
 * message is plain text for the notice area (React renders it as text, never as HTML).
 */
import { importConfigText, MAX_IMPORT_BYTES } from '../core/importing';
import type { AppStore } from '../state/store';
import { clipText } from '../core/text';

/** A file name fit for a notice: control characters replaced, at most 60 characters. */
export const clipName = (name: string): string => clipText(name, 60);

/** Reads `file` and loads its configuration into the store; returns what happened, in words. */
export async function importConfigFile(store: AppStore, file: File): Promise<string> {
  const name = clipName(file.name || 'the file');
  const s = store.getState();
  if (file.size > MAX_IMPORT_BYTES) {
    const message = `Import of ${name}: the file is larger than ${MAX_IMPORT_BYTES} bytes`;
    s.addNotices([message]);
    return message;
  }
  let text: string;
  try {
    text = await file.text();
  } catch {
    const message = `Import of ${name}: the file could not be read`;
    s.addNotices([message]);
    return message;
  }
  return importConfigString(store, text, name);
}

/** Loads configuration JSON text into the store (notices name the bad field and value). */
export function importConfigString(store: AppStore, text: string, name = 'the file'): string {
  const result = importConfigText(text, name);
  const s = store.getState();
  if (!result.ok) {
    const field = result.field ? ` (field "${result.field}")` : '';
    const message = `Import of ${name} failed${field}: ${result.error}`;
    s.addNotices([message]);
    return message;
  }
  s.replaceParams(result.value);
  s.commitHistory();
  s.addNotices(result.warnings.map((w) => `Import of ${name}: ${w}`));
  return `Imported the configuration from ${name}`;
}
