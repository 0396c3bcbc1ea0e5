/**
 * The classroom, embed and explanation view keys of a shareable link (issue "Classroom"), rows
 * of src/model/viewParams.ts (group "classroom"). Pure (no `window`), lenient like
 * src/model/urlCodec.ts: never throws; a bad value is dropped or replaced by the default and
 * named in a notice. Each key is written only when it differs from its default, so ordinary
 * links do not change.
 *
 * `hide` tokens: panels (PANEL_TOKENS below); one control `ctl:<key>` where `<key>` is the
 * control's URL key (every row of the parameter table with a control; `ctl:own` = the matrix
 * import); `ctl:*` hides every control (then `show=ctl:L,ctl:m` keeps those). Unknown tokens
 * are ignored with a notice. Example: `?class=1&hide=bounds,data,training,ctl:beta,ctl:kx`.
 */
import { TOUR_STEPS } from './tour';
import { CONTROL_IDS } from './schema';
import type { ControlToken } from './schema';
import { clipText as clip } from '../core/text';
import { readLenientBoolean, readLenientEnum, readLenientNumber } from '../core/paramRows';
import { viewKeys, viewParam } from './viewParams';

export const PANEL_TOKENS = [
  'controls',
  'headline',
  'bounds',
  'spectrum',
  'layers',
  'direction',
  'sweep',
  'training',
  'data',
  'notices',
] as const;
export type PanelToken = (typeof PANEL_TOKENS)[number];

/** Control tokens (the URL key) → the control's element id: from the parameter table. */
export { CONTROL_IDS } from './schema';
export type { ControlToken } from './schema';

/** The figures an embed can show: the values of the `fig` row of the parameter table. */
export const EMBED_FIGURES = viewParam('fig').values;
export type EmbedFigure = (typeof EMBED_FIGURES)[number];

/** Which eigenvector the direction view draws (docs/gn-math.md §12): λ_min⁺'s or λ_max's. */
export type DirectionEndKey = 'min' | 'max';

export const TOUR_LENGTH = TOUR_STEPS.length;

export interface ClassroomView {
  classMode: boolean;
  hidePanels: PanelToken[];
  hideControls: ControlToken[];
  /** `ctl:*`: every control hidden except `showControls` */
  hideAllControls: boolean;
  showControls: ControlToken[];
  /** 1-based tour step, 0 = no tour */
  tour: number;
  explain: boolean;
  embed: boolean;
  figure: EmbedFigure;
  /** the direction view's eigenvector (`dir`) */
  directionEnd: DirectionEndKey;
}

export const CLASSROOM_QUERY_KEYS: readonly string[] = viewKeys('classroom');

export function defaultClassroomView(): ClassroomView {
  return {
    classMode: false,
    hidePanels: [],
    hideControls: [],
    hideAllControls: false,
    showControls: [],
    tour: 0,
    explain: false,
    embed: false,
    figure: 'sweep',
    directionEnd: 'min',
  };
}

function isControlToken(s: string): s is ControlToken {
  return Object.prototype.hasOwnProperty.call(CONTROL_IDS, s);
}

/** Longest `hide`/`show` list read (tokens); a longer one is cut with a notice. */
const MAX_TOKENS = 64;

/** Decodes the classroom keys of `raw` (the query's non-config keys); never throws. */
export function decodeClassroomView(raw: Readonly<Record<string, string>>): {
  view: ClassroomView;
  notices: string[];
} {
  const view = defaultClassroomView();
  const notices: string[] = [];
  const flag = (key: 'class' | 'explain' | 'embed'): boolean =>
    readLenientBoolean(viewParam(key), raw[key], false, notices);
  view.classMode = flag('class');
  view.explain = flag('explain');
  view.embed = flag('embed');

  const tokens = (key: string): string[] => {
    const text = raw[key];
    if (text === undefined || text === '') return [];
    const list = text.split(',').map((t) => t.trim());
    if (list.length > MAX_TOKENS) {
      notices.push(`Hidden items (${key}=…) list ${list.length} items; only ${MAX_TOKENS} read`);
    }
    return [...new Set(list.slice(0, MAX_TOKENS))].filter((t) => t !== '');
  };
  const unknownHide: string[] = [];
  for (const token of tokens('hide')) {
    if ((PANEL_TOKENS as readonly string[]).includes(token)) {
      view.hidePanels.push(token as PanelToken);
    } else if (token === 'ctl:*') {
      view.hideAllControls = true;
    } else if (token.startsWith('ctl:') && isControlToken(token.slice(4))) {
      view.hideControls.push(token.slice(4) as ControlToken);
    } else unknownHide.push(token);
  }
  if (unknownHide.length > 0) {
    notices.push(
      `Hidden items (hide=) not known, ignored: ${unknownHide.slice(0, 5).map(clip).join(', ')}${unknownHide.length > 5 ? ` and ${unknownHide.length - 5} more` : ''} (panels: ${PANEL_TOKENS.join(', ')}; controls: ctl:<key>)`,
    );
  }
  const unknownShow: string[] = [];
  for (const token of tokens('show')) {
    if (token.startsWith('ctl:') && isControlToken(token.slice(4))) {
      view.showControls.push(token.slice(4) as ControlToken);
    } else unknownShow.push(token);
  }
  if (unknownShow.length > 0) {
    notices.push(
      `Shown controls (show=) not known, ignored: ${unknownShow.slice(0, 5).map(clip).join(', ')}`,
    );
  }
  if (view.showControls.length > 0 && !view.hideAllControls) {
    notices.push('Shown controls (show=) apply only with hide=ctl:*; ignored');
    view.showControls = [];
  }

  view.tour = readLenientNumber(viewParam('tour'), raw.tour, view.tour, notices);

  const figText = raw.fig;
  if (figText !== undefined) {
    if ((EMBED_FIGURES as readonly string[]).includes(figText))
      view.figure = figText as EmbedFigure;
    else {
      notices.push(
        `Figure (fig=${clip(figText)}) is not one of ${EMBED_FIGURES.join(', ')}; using sweep`,
      );
    }
  }
  view.directionEnd = readLenientEnum(viewParam('dir'), raw.dir, view.directionEnd, notices);
  return { view, notices };
}

/** Query parts for the classroom view (leading `&` each), only those that differ from the defaults. */
export function encodeClassroomView(view: ClassroomView): string {
  const parts: string[] = [];
  if (view.classMode) parts.push('class=1');
  const hide = [
    ...view.hidePanels,
    ...(view.hideAllControls ? ['ctl:*'] : []),
    ...view.hideControls.map((c) => `ctl:${c}`),
  ];
  if (hide.length > 0) parts.push(`hide=${hide.join(',')}`);
  if (view.hideAllControls && view.showControls.length > 0) {
    parts.push(`show=${view.showControls.map((c) => `ctl:${c}`).join(',')}`);
  }
  if (view.tour > 0) parts.push(`tour=${view.tour}`);
  if (view.explain) parts.push('explain=1');
  if (view.embed) parts.push('embed=1');
  if (view.embed && view.figure !== 'sweep') parts.push(`fig=${view.figure}`);
  if (view.directionEnd !== 'min') parts.push(`dir=${view.directionEnd}`);
  return parts.map((p) => `&${p}`).join('');
}

/** Whether a panel is hidden. */
export function isPanelHidden(view: ClassroomView, panel: PanelToken): boolean {
  return view.hidePanels.includes(panel);
}

/** The control ids hidden by the view (for the stylesheet). */
export function hiddenControlIds(view: ClassroomView): string[] {
  const tokens = view.hideAllControls
    ? (Object.keys(CONTROL_IDS) as ControlToken[]).filter((c) => !view.showControls.includes(c))
    : view.hideControls;
  return tokens.map((c) => CONTROL_IDS[c]);
}
