import { useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';

/** The content width of an element, kept current with a ResizeObserver (plots size to it). */
export function useElementWidth<T extends HTMLElement>(
  fallbackPx = 640,
): [RefObject<T | null>, number] {
  const ref = useRef<T | null>(null);
  const [width, setWidth] = useState(fallbackPx);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    setWidth(element.clientWidth || fallbackPx);
    const observer = new ResizeObserver((entries) => {
      const box = entries[0]?.contentRect;
      // Whole pixels: sub-pixel jitter would otherwise re-layout the plots on every frame.
      if (box && box.width > 0) setWidth(Math.floor(box.width));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [fallbackPx]);
  return [ref, width];
}
