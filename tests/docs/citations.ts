/**
 * The citation checker behind tests/docs/citations.test.ts: finds every citation of one of the
 * project's documents in source text (`docs/gn-math.md §5`, `gn-math.md §2–4`, `contract.md §§1–2`,
 * `gn-math.md §9, §1`, `docs/architecture.md, "Parameters"`), and checks each against the
 * documents: the file exists inside the repository, and every cited section exists as a heading.
 *
 * Heading format of the project's documents (docs/*.md): `## N. Title` for a section and
 * `### N.M Title` for a subsection, so `§N` is the heading `## N.` and `§N.M` the heading
 * `### N.M`; a quoted name cites a heading by its title.
 */

/** The documents whose citations are checked; any `docs/<name>.md` is checked too. */
export const CITED_DOCUMENTS = [
  'gn-math',
  'contract',
  'toolchain-notes',
  'architecture',
  'README',
] as const;

export interface Citation {
  /** where it was found */
  file: string;
  line: number;
  /** the path as written, e.g. `docs/gn-math.md`, `gn-math.md`, or one outside (`../shared/…`) */
  written: string;
  /** the section numbers cited (`5`, `5.2`), ranges expanded */
  sections: string[];
  /** the section titles cited by name (`Parameters`) */
  names: string[];
}

const DOC_PATTERN = /(\/)?((?:[\w.~-]+\/)*)([\w-]+)\.md\b/g;
const NUMBER = String.raw`\d+(?:\.\d+)?`;
/** One cited item after the first `§`: `5`, `5.2`, `2–4`, `2–§6`. */
const ITEM = new RegExp(String.raw`^(${NUMBER})(?:\s*[–-]\s*§?(${NUMBER}))?`);
/** What separates two items: `, §`, ` and §`, `; §`. */
const NEXT = /^\s*(?:,|;|and|&)?\s*§/;

/** Joins a comment that continues on the next line (`*`, `//`, `#` leaders) into one line. */
function followingText(text: string, from: number): string {
  return text.slice(from, from + 160).replace(/\r?\n\s*(?:\*(?!\/)|\/\/|#)?\s*/g, ' ');
}

/** Expands `2`–`4` into 2, 3, 4 (whole numbers); dotted ranges keep their two ends. */
function expand(first: string, last: string | undefined): string[] {
  if (last === undefined) return [first];
  const a = Number(first);
  const b = Number(last);
  if (Number.isInteger(a) && Number.isInteger(b) && a <= b && b - a <= 50)
    return Array.from({ length: b - a + 1 }, (_, i) => String(a + i));
  return [first, last];
}

/** The sections and quoted names cited right after a document name. */
export function parseSections(after: string): { sections: string[]; names: string[] } {
  const sections: string[] = [];
  const names: string[] = [];
  const named = /^\s*,?\s*"([A-Z][^"\n]{0,60})"/.exec(after);
  if (named) return { sections, names: [named[1]!] };
  const start = /^\s*,?\s*§§?\s*/.exec(after);
  if (!start) return { sections, names };
  let rest = after.slice(start[0].length);
  for (;;) {
    const item = ITEM.exec(rest);
    if (!item) break;
    sections.push(...expand(item[1]!, item[2]));
    rest = rest.slice(item[0].length);
    const next = NEXT.exec(rest);
    if (!next) break;
    rest = rest.slice(next[0].length).replace(/^§/, '');
  }
  return { sections, names };
}

/** Every citation of a project document in `text` (the contents of `file`). */
export function extractCitations(text: string, file: string): Citation[] {
  const out: Citation[] = [];
  for (const match of text.matchAll(DOC_PATTERN)) {
    const [whole, slash, dir, name] = match as unknown as [
      string,
      string | undefined,
      string,
      string,
    ];
    const known = (CITED_DOCUMENTS as readonly string[]).includes(name);
    if (!known && !/(^|\/)docs\/$/.test(dir)) continue;
    const at = match.index! + whole.length;
    const { sections, names } = parseSections(followingText(text, at));
    out.push({
      file,
      line: text.slice(0, match.index).split('\n').length,
      written: `${slash ?? ''}${dir}${name}.md`,
      sections,
      names,
    });
  }
  return out;
}

/** The section numbers (`## N.`, `### N.M`) and titles of a markdown document. */
export function headingsOf(markdown: string): { numbers: Set<string>; titles: Set<string> } {
  const numbers = new Set<string>();
  const titles = new Set<string>();
  for (const line of markdown.split('\n')) {
    const numbered = /^(#{2,4})\s+§?\s*(\d+(?:\.\d+)*)\.?\s+(.+?)\s*$/.exec(line);
    if (numbered) {
      const depth = numbered[1]!.length;
      const num = numbered[2]!;
      // `## 5.` is a section, `### 5.2` a subsection: the level must match the number.
      if (num.split('.').length === depth - 1) numbers.add(num);
      titles.add(numbered[3]!.toLowerCase());
      continue;
    }
    const plain = /^#{1,4}\s+(.+?)\s*$/.exec(line);
    if (plain) titles.add(plain[1]!.toLowerCase());
  }
  return { numbers, titles };
}

/**
 * Where a written path points, as repository paths: `null` when it leaves the repository (an
 * absolute path, the shared specification folders, or `../` climbing above the root). A path
 * starting with `./` or `../` is relative to the citing file's folder (`resolve(__dirname,
 * '../../README.md')`); any other path is relative to the root; a bare name may be
 * `docs/<name>.md` or `<name>.md`.
 */
export function candidatePaths(written: string, fromFile = ''): string[] | null {
  if (written.startsWith('/') || written.startsWith('~')) return null;
  if (/(^|\/)shared\/(spec|guide)\//.test(written)) return null;
  if (!written.includes('/')) return [`docs/${written}`, written];
  const relativeToFile = written.startsWith('./') || written.startsWith('../');
  const base = relativeToFile ? fromFile.split('/').slice(0, -1) : [];
  const parts = [...base];
  for (const part of written.split('/')) {
    if (part === '.' || part === '') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return [parts.join('/')];
}

/**
 * The problems of a list of citations, one sentence each (empty: all good). `read` returns a
 * repository file's text, or null when there is no such file.
 */
export function citationProblems(
  citations: readonly Citation[],
  read: (path: string) => string | null,
): string[] {
  const problems: string[] = [];
  const headings = new Map<string, ReturnType<typeof headingsOf>>();
  for (const c of citations) {
    const where = `${c.file}:${c.line}`;
    const candidates = candidatePaths(c.written, c.file);
    if (candidates === null) {
      problems.push(`${where}: ${c.written} points outside the repository`);
      continue;
    }
    const path = candidates.find((p) => read(p) !== null);
    if (path === undefined) {
      problems.push(`${where}: ${c.written} does not exist (looked for ${candidates.join(', ')})`);
      continue;
    }
    if (!headings.has(path)) headings.set(path, headingsOf(read(path)!));
    const h = headings.get(path)!;
    for (const s of c.sections)
      if (!h.numbers.has(s)) problems.push(`${where}: ${path} has no section §${s}`);
    for (const n of c.names)
      if (!h.titles.has(n.toLowerCase())) problems.push(`${where}: ${path} has no section "${n}"`);
  }
  return problems;
}
