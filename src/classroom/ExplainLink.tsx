/**
 * A link from a number on the page to its explanation (issue "Classroom": explanations "linked
 * from every number"): opens the explanations panel if it is closed (link key explain=1), then
 * scrolls to and focuses `#explain-<id>`.
 */
import type { ReactNode } from 'react';
import { appStore } from '../state/store';

/** Ids with an entry in the explanations panel (ExplainPanel.tsx). */
export type ExplainTarget =
  | 'gn'
  | 'reduced'
  | 'kappa'
  | 'rank'
  | 'params'
  | 'sigma'
  | 'direction'
  | 'compute'
  | 'layers'
  | 'theory'
  | 'separation'
  | 'convex'
  | 'max'
  | 'layerwise'
  | 'residualWeyl'
  | 'relu'
  | 'lowerSeparation'
  | 'lowerTrace';

/** Opens the panel and brings entry `id` into view (after React has rendered the panel). */
export function showExplanation(id: ExplainTarget): void {
  const s = appStore.getState();
  if (!s.classroom.explain) {
    s.updateClassroomView({ explain: true });
    s.commitHistory();
  }
  let tries = 0;
  const reveal = () => {
    const target = document.getElementById(`explain-${id}`);
    if (target) {
      target.scrollIntoView({ block: 'start', behavior: 'smooth' });
      target.focus({ preventScroll: true });
    } else if (tries++ < 20) requestAnimationFrame(reveal);
  };
  requestAnimationFrame(reveal);
}

export function ExplainLink(props: { id: ExplainTarget; children: ReactNode; title?: string }) {
  return (
    <a
      href={`#explain-${props.id}`}
      className="explain-link"
      title={props.title ?? 'What this is: the explanation with its formula'}
      data-explain={props.id}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        showExplanation(props.id);
      }}
    >
      {props.children}
    </a>
  );
}
