import { useMemo } from 'react';
import katex from 'katex';
import { FORMULAS } from './formulas';
import type { FormulaId } from './formulas';

const rendered = new Map<string, string>();

function renderFormula(id: FormulaId, display: boolean): string {
  const cacheKey = `${id}:${display}`;
  let html = rendered.get(cacheKey);
  if (html === undefined) {
    html = katex.renderToString(FORMULAS[id], { displayMode: display, throwOnError: false });
    rendered.set(cacheKey, html);
  }
  return html;
}

export interface FormulaProps {
  /** a key of our constant table: user text can never reach the HTML below */
  id: FormulaId;
  display?: boolean;
}

export function Formula({ id, display = false }: FormulaProps) {
  const html = useMemo(() => renderFormula(id, display), [id, display]);
  return <span className="formula" dangerouslySetInnerHTML={{ __html: html }} />;
}
