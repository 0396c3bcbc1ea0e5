/**
 * Every citation of a project document in the code (src/, workers/, scripts/, tests/) points at a
 * document inside the repository and at a section that document has (docs/architecture.md,
 * "Citations"). The checker itself is tested on synthetic text first, so a missing section or
 * document is known to be reported.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  candidatePaths,
  citationProblems,
  extractCitations,
  headingsOf,
  parseSections,
} from './citations';

const ROOT = resolve(__dirname, '..', '..');
const SCANNED = ['src', 'workers', 'scripts', 'tests'];
const EXTENSIONS = /\.(ts|tsx|mjs|js|py)$/;
/** This file cites made-up sections on purpose (the synthetic cases below). */
const SELF = 'tests/docs/citations.test.ts';

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (EXTENSIONS.test(entry)) out.push(path);
  }
  return out;
}

function readRepoFile(path: string): string | null {
  try {
    return readFileSync(join(ROOT, path), 'utf8');
  } catch {
    return null;
  }
}

describe('the citation extractor (synthetic text)', () => {
  it('reads single sections, ranges, lists, subsections and quoted names', () => {
    expect(parseSections(' §5): the bounds').sections).toEqual(['5']);
    expect(parseSections(' §2–4 (reduced)').sections).toEqual(['2', '3', '4']);
    expect(parseSections(' §2–§6 end').sections).toEqual(['2', '3', '4', '5', '6']);
    expect(parseSections(' §§7–8 and more').sections).toEqual(['7', '8']);
    expect(parseSections(' §9, §1). */').sections).toEqual(['9', '1']);
    expect(parseSections(' §5.2 details').sections).toEqual(['5.2']);
    expect(parseSections(' §5, B0) first').sections).toEqual(['5']);
    expect(parseSections(', "Parameters"): one row').names).toEqual(['Parameters']);
    expect(parseSections(' says why').sections).toEqual([]);
  });

  it('finds citations with and without a path, across a wrapped comment line', () => {
    const text = [
      '/**',
      ' * The reduced matrix (docs/gn-math.md §2–3) and the bounds of gn-math.md',
      ' * §5; links (contract.md §1), layers (docs/architecture.md,',
      ' * "Parameters"); a house rule (house-style.md §8) is not a project document.',
      ' */',
    ].join('\n');
    const found = extractCitations(text, 'synthetic.ts');
    expect(found.map((c) => [c.written, c.line, c.sections, c.names])).toEqual([
      ['docs/gn-math.md', 2, ['2', '3'], []],
      ['gn-math.md', 2, ['5'], []],
      ['contract.md', 3, ['1'], []],
      ['docs/architecture.md', 3, [], ['Parameters']],
    ]);
  });

  it('reports a missing section, a missing document, an unknown name and a path outside', () => {
    const docs: Record<string, string> = {
      'docs/gn-math.md': '# Maths\n\n## 1. Conventions\n\n### 1.2 Rank\n\n## 5. Bounds\n',
      'docs/architecture.md': '# Architecture\n\n## 5. Parameters\n',
    };
    const read = (p: string) => docs[p] ?? null;
    const text = [
      'gn-math.md §5 and gn-math.md §1.2 are fine;',
      'docs/gn-math.md §6 is missing, gn-math.md §1.3 too;',
      'contract.md §1 has no document;',
      'docs/architecture.md, "Parameters" is fine, docs/architecture.md, "Notices" is not;',
      'see ../shared/spec/gn-math.md §5 and /work/shared/spec/contract.md.',
    ].join('\n');
    const problems = citationProblems(extractCitations(text, 'x.ts'), read);
    expect(problems).toEqual([
      'x.ts:2: docs/gn-math.md has no section §6',
      'x.ts:2: docs/gn-math.md has no section §1.3',
      'x.ts:3: contract.md does not exist (looked for docs/contract.md, contract.md)',
      'x.ts:4: docs/architecture.md has no section "Notices"',
      'x.ts:5: ../shared/spec/gn-math.md points outside the repository',
      'x.ts:5: /work/shared/spec/contract.md points outside the repository',
    ]);
  });

  it('counts a heading only at the level its number has', () => {
    const h = headingsOf('## 3. Deep\n### 3.1 Rank\n## 4 Residual\n### 7. Wrong level\n');
    expect([...h.numbers].sort()).toEqual(['3', '3.1', '4']);
    expect(candidatePaths('gn-math.md')).toEqual(['docs/gn-math.md', 'gn-math.md']);
    expect(candidatePaths('public/data/README.md')).toEqual(['public/data/README.md']);
    expect(candidatePaths('../shared/guide/toolchain-notes.md')).toBeNull();
    expect(candidatePaths('../../README.md', 'tests/model/a.test.ts')).toEqual(['README.md']);
    expect(candidatePaths('../../../README.md', 'tests/model/a.test.ts')).toBeNull();
  });
});

describe('citations in the repository', () => {
  const files = SCANNED.flatMap((d) => sourceFiles(join(ROOT, d)))
    .map((p) => relative(ROOT, p).split('\\').join('/'))
    .filter((p) => p !== SELF);
  const citations = files.flatMap((f) => extractCitations(readRepoFile(f)!, f));

  it('finds the citations of the mathematics and the interfaces', () => {
    // The scan must see the code's citations, or the check below would pass on nothing.
    const cited = new Set(citations.map((c) => c.written.replace(/^docs\//, '')));
    expect(cited).toContain('gn-math.md');
    expect(cited).toContain('contract.md');
    expect(citations.some((c) => c.sections.length > 0)).toBe(true);
  });

  it('every cited document and section exists in the repository', () => {
    expect(citationProblems(citations, readRepoFile)).toEqual([]);
  });
});
