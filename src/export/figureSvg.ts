/**
 * A figure on the page as a standalone SVG file (issue "Classroom"): the plot's `<svg>` is cloned
 * with the computed styles that matter inlined (so it renders without our stylesheet), scaled
 * into a canvas of the chosen size with a title, the legend drawn from the card's legend list,
 * and the chosen theme's background and neutral colours. Hover-only marks are dropped.
 * Nothing remote is referenced, so the PNG made from it (rasterize.ts) passes the page's CSP.
 */

export type ExportTheme = 'light' | 'dark';

export interface FigureSvgOptions {
  width: number;
  height: number;
  theme: ExportTheme;
  title: string;
  /** scale of text and strokes (1: as on screen); larger sizes read better with more */
  scale?: number;
}

export const EXPORT_SIZES: readonly { label: string; width: number; height: number }[] = [
  { label: '800 × 500', width: 800, height: 500 },
  { label: '1200 × 750', width: 1200, height: 750 },
  { label: '1600 × 1000', width: 1600, height: 1000 },
  { label: '1920 × 1080', width: 1920, height: 1080 },
];

const THEMES: Readonly<Record<ExportTheme, { background: string; text: string; grid: string }>> = {
  light: { background: '#ffffff', text: '#1f2328', grid: '#d0d7de' },
  dark: { background: '#0d1117', text: '#e6edf3', grid: '#3d444d' },
};

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Presentation properties copied from the computed style of every element. */
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'visibility',
] as const;

/** Marks that only make sense under a mouse. */
const DROP_SELECTOR = '.hit, .bar-hovered, .hover-guide, .sigma-hover, title';

/** Classes whose colour is "neutral" (text, axes, grid) and follows the export theme. */
const TEXT_CLASSES = ['tick-label', 'axis-title'];
const LINE_CLASSES = ['grid', 'tick', 'axis-line'];

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Theme-dependent series colours (styles.css `--series-kappa`, `--bar`, `--bar-discarded`), as
 * computed (rgb) in the light and the dark theme: an export in the other theme swaps them, so
 * black κ curves do not vanish on a dark background. The Okabe–Ito series colours read on both.
 */
const THEMED_COLOURS: readonly (readonly [string, string])[] = [
  ['rgb(17, 17, 17)', 'rgb(242, 242, 242)'],
  ['rgb(43, 108, 158)', 'rgb(86, 180, 233)'],
  ['rgb(154, 164, 176)', 'rgb(91, 100, 112)'],
];

export function themedColour(value: string, theme: ExportTheme): string {
  for (const [light, dark] of THEMED_COLOURS) {
    if (theme === 'dark' && value === light) return dark;
    if (theme === 'light' && value === dark) return light;
  }
  return value;
}

function inlineStyles(source: Element, target: Element, theme: ExportTheme): void {
  const computed = getComputedStyle(source);
  const parts: string[] = [];
  for (const prop of STYLE_PROPS) {
    const value = computed.getPropertyValue(prop);
    if (value === '') continue;
    parts.push(
      `${prop}:${prop === 'fill' || prop === 'stroke' ? themedColour(value, theme) : value}`,
    );
  }
  if (computed.display === 'none') parts.push('display:none');
  const cls = source.getAttribute('class') ?? '';
  const classes = cls.split(/\s+/);
  const colours = THEMES[theme];
  if (classes.some((c) => TEXT_CLASSES.includes(c))) parts.push(`fill:${colours.text}`);
  if (classes.some((c) => LINE_CLASSES.includes(c))) parts.push(`stroke:${colours.grid}`);
  if (source.tagName.toLowerCase() === 'text' && !parts.some((p) => p.startsWith('fill:'))) {
    parts.push(`fill:${colours.text}`);
  }
  target.setAttribute('style', parts.join(';'));
  target.removeAttribute('class');
  const sourceChildren = source.children;
  const targetChildren = target.children;
  for (let i = 0; i < sourceChildren.length; i++) {
    const s = sourceChildren[i];
    const t = targetChildren[i];
    if (s && t) inlineStyles(s, t, theme);
  }
}

export interface LegendEntry {
  label: string;
  color: string;
  dash: string | null;
  width: number;
}

/**
 * The legend entries shown for a figure: each `.legend li` with a swatch (an svg line or a
 * coloured dot), minus curves switched off (`aria-pressed="false"`) and the controls row.
 */
export function readLegend(card: Element): LegendEntry[] {
  const entries: LegendEntry[] = [];
  for (const li of Array.from(card.querySelectorAll('.legend li'))) {
    if (li.classList.contains('legend-range')) continue;
    const button = li.querySelector('[aria-pressed]');
    if (button?.getAttribute('aria-pressed') === 'false') continue;
    const label = (li.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (label === '') continue;
    const line = li.querySelector('svg line, svg path');
    const dot = li.querySelector<HTMLElement>(
      '.legend-swatch, .readout-dot, [style*="background"]',
    );
    let color = '';
    let dash: string | null = null;
    let width = 2.5;
    if (line) {
      const style = getComputedStyle(line);
      color = style.stroke;
      const d = style.strokeDasharray;
      dash = d && d !== 'none' ? d : null;
      width = Number.parseFloat(style.strokeWidth) || width;
    } else if (dot) {
      color = getComputedStyle(dot).backgroundColor;
    }
    entries.push({ label, color, dash, width });
  }
  return entries;
}

/**
 * Builds the standalone SVG text of the figure whose plot is `svg` (an element on the page).
 * @throws Error when the element has no size (the figure is not drawn)
 */
export function figureSvgText(
  svg: SVGSVGElement,
  legend: readonly LegendEntry[],
  options: FigureSvgOptions,
): string {
  const { width, height, theme, title } = options;
  const colours = THEMES[theme];
  const box = svg.viewBox.baseVal;
  const sourceWidth =
    box && box.width > 0 ? box.width : Number(svg.getAttribute('width')) || svg.clientWidth;
  const sourceHeight =
    box && box.height > 0 ? box.height : Number(svg.getAttribute('height')) || svg.clientHeight;
  if (!(sourceWidth > 0 && sourceHeight > 0)) throw new Error('the figure is not drawn yet');

  const clone = svg.cloneNode(true) as SVGSVGElement;
  inlineStyles(svg, clone, theme);
  for (const el of Array.from(clone.querySelectorAll(DROP_SELECTOR))) el.remove();

  const scale = options.scale ?? Math.max(1, Math.min(2.5, width / 900));
  const pad = 16 * scale;
  const titleSize = 18 * scale;
  const legendSize = 13 * scale;
  const legendRowHeight = legendSize * 1.6;
  // Legend rows: entries flow left to right, wrapping at the width.
  const charWidth = legendSize * 0.58;
  const swatch = 28 * scale;
  const rows: { entry: LegendEntry; x: number; row: number }[] = [];
  let x = pad;
  let row = 0;
  for (const entry of legend) {
    const w = swatch + 8 * scale + entry.label.length * charWidth + 20 * scale;
    if (x + w > width - pad && x > pad) {
      row++;
      x = pad;
    }
    rows.push({ entry, x, row });
    x += w;
  }
  const legendHeight = legend.length > 0 ? (row + 1) * legendRowHeight + pad / 2 : 0;
  const top = pad + titleSize + pad / 2;
  const plotHeight = Math.max(50, height - top - legendHeight - pad);
  const plotWidth = width - 2 * pad;

  const inner = new XMLSerializer().serializeToString(clone);
  // Strip the outer <svg …> tag of the clone: the content goes into a nested, scaled <svg>.
  const content = inner.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  const legendTop = top + plotHeight + pad / 2;
  const legendMarkup = rows
    .map(({ entry, x: lx, row: r }) => {
      const cy = legendTop + r * legendRowHeight + legendRowHeight / 2;
      const dash = entry.dash ? ` stroke-dasharray="${escapeXml(entry.dash)}"` : '';
      return (
        `<line x1="${lx}" y1="${cy}" x2="${lx + swatch}" y2="${cy}" stroke="${escapeXml(themedColour(entry.color, theme) || colours.text)}" stroke-width="${entry.width * scale}"${dash}/>` +
        `<text x="${lx + swatch + 8 * scale}" y="${cy}" dominant-baseline="central" font-size="${legendSize}" fill="${colours.text}">${escapeXml(entry.label)}</text>`
      );
    })
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" role="img" aria-label="${escapeXml(title)}">` +
    `<title>${escapeXml(title)}</title>` +
    `<rect width="100%" height="100%" fill="${colours.background}"/>` +
    `<text x="${pad}" y="${pad + titleSize * 0.8}" font-size="${titleSize}" font-weight="600" fill="${colours.text}">${escapeXml(title)}</text>` +
    `<svg x="${pad}" y="${top}" width="${plotWidth}" height="${plotHeight}" viewBox="0 0 ${sourceWidth} ${sourceHeight}" preserveAspectRatio="xMidYMid meet" overflow="visible">` +
    content +
    `</svg>` +
    legendMarkup +
    `</svg>\n`
  );
}
