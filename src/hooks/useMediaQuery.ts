import { useSyncExternalStore } from 'react';
import { useAppStore } from '../state/useAppStore';

/**
 * The projector dashboard's media query (src/styles.css, "projector dashboard"): from this
 * width on the page is two columns on one screen, and the plots take heights that fit it
 * (not in presentation mode, whose large type keeps one column).
 */
export const DASHBOARD_QUERY = '(min-width: 1600px)';

/** Whether a CSS media query matches now, kept current (false where there is no matchMedia). */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      if (typeof matchMedia !== 'function') return () => undefined;
      const list = matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => typeof matchMedia === 'function' && matchMedia(query).matches,
    () => false,
  );
}

/** Whether the page is laid out as the projector dashboard ({@link DASHBOARD_QUERY}). */
export function useDashboard(): boolean {
  const wide = useMediaQuery(DASHBOARD_QUERY);
  const classMode = useAppStore((s) => s.classroom.classMode);
  return wide && !classMode;
}
