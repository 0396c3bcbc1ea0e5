/**
 * The direction scene (./directionLayout.ts) as standalone SVG text: the page shows it in an
 * `<img>` (test id `direction-image`, docs/contract.md §3), the figure export saves it as SVG or
 * rasterises it to PNG. Pure; nothing remote is referenced, and every text is escaped.
 */
import type { DirectionScene } from './directionLayout';

export type DirectionTheme = 'light' | 'dark';

/** Card background, text and axis colours of the page's two themes (src/styles.css). */
const THEME_COLOURS: Readonly<
  Record<DirectionTheme, { background: string; text: string; axis: string }>
> = {
  light: { background: '#ffffff', text: '#1b1f24', axis: '#5b6470' },
  dark: { background: '#1a1e24', text: '#e8eaed', axis: '#9aa3ad' },
};

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";

export interface DirectionSvgOptions {
  theme: DirectionTheme;
  /** export: the canvas size (the scene is scaled into it, below the title) */
  size?: { width: number; height: number };
  /** export: a title above the figure */
  title?: string;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function num(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/** The scene's shapes as SVG elements (no outer `<svg>`). */
function sceneBody(scene: DirectionScene, colours: (typeof THEME_COLOURS)['light']): string {
  const parts: string[] = [];
  for (const r of scene.rects) {
    const stroke = r.stroke ? ` fill="none" stroke="${colours.axis}" stroke-width="1"` : '';
    parts.push(
      r.stroke
        ? `<rect x="${num(r.x)}" y="${num(r.y)}" width="${num(r.w)}" height="${num(r.h)}"${stroke}/>`
        : `<rect x="${num(r.x)}" y="${num(r.y)}" width="${num(r.w)}" height="${num(r.h)}" fill="${r.fill}"/>`,
    );
  }
  for (const l of scene.lines) {
    const dash = l.kind === 'zero' ? ' stroke-dasharray="3 3"' : '';
    parts.push(
      `<line x1="${num(l.x1)}" y1="${num(l.y1)}" x2="${num(l.x2)}" y2="${num(l.y2)}" stroke="${colours.axis}" stroke-width="1"${dash}/>`,
    );
  }
  for (const t of scene.texts) {
    const rotate = t.rotate ? ` transform="rotate(-90 ${num(t.x)} ${num(t.y)})"` : '';
    parts.push(
      `<text x="${num(t.x)}" y="${num(t.y)}" font-size="${t.size}" text-anchor="${t.anchor}" fill="${colours.text}"${rotate}>${escapeXml(t.text)}</text>`,
    );
  }
  return parts.join('');
}

/** SVG text of the scene: at its own size for the page, or scaled into `size` with a title. */
export function directionSvgText(scene: DirectionScene, options: DirectionSvgOptions): string {
  const colours = THEME_COLOURS[options.theme];
  const body = sceneBody(scene, colours);
  const head = `<svg xmlns="http://www.w3.org/2000/svg" role="img" font-family="${escapeXml(FONT)}"`;
  const desc = `<desc>${escapeXml(scene.description)}</desc>`;
  if (!options.size) {
    return `${head} width="${num(scene.width)}" height="${num(scene.height)}" viewBox="0 0 ${num(scene.width)} ${num(scene.height)}" shape-rendering="crispEdges">${desc}<rect width="100%" height="100%" fill="${colours.background}"/>${body}</svg>`;
  }
  const { width, height } = options.size;
  const titleH = options.title ? 40 : 0;
  const s = Math.min(width / scene.width, (height - titleH) / scene.height);
  const dx = (width - s * scene.width) / 2;
  const title = options.title
    ? `<text x="${num(width / 2)}" y="28" font-size="20" font-weight="600" text-anchor="middle" fill="${colours.text}">${escapeXml(options.title)}</text>`
    : '';
  return `${head} width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" shape-rendering="crispEdges">${desc}<rect width="100%" height="100%" fill="${colours.background}"/>${title}<g transform="translate(${num(dx)} ${titleH}) scale(${s.toFixed(4)})">${body}</g></svg>`;
}
