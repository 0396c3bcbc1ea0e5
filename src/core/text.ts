/**
 * Text that came from outside (a link, a file, a file name) as it may appear in a notice or an
 * error: control characters replaced by "?" (an ESC could garble the page or a terminal) and
 * cut to `max` characters. The one place that does this (docs/architecture.md, "Notices").
 */
export function clipText(value: unknown, max = 24): string {
  // eslint-disable-next-line no-control-regex
  const t = String(value).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return t.length > max ? `${t.slice(0, max - 3)}...` : t;
}

/**
 * How much of a file name or path a message keeps: enough for a path typed on a command line
 * (the CLI names files as given, which can be long absolute paths), still bounded.
 */
export const FILE_NAME_CHARS = 200;
