import { useState } from 'react';
import { appStore } from '../state/store';
import { currentQuery } from '../state/urlSync';

/** Copies text with the async clipboard API, or a hidden textarea where that is unavailable. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission denied or no focus: fall through to the legacy path.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok: boolean;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

export function CopyLinkButton() {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="button"
      onClick={async () => {
        // The address bar may lag by the URL debounce; copy what the page shows right now.
        const url = `${location.origin}${location.pathname}${currentQuery(appStore)}`;
        const ok = await copyText(url);
        setState(ok ? 'copied' : 'failed');
        window.setTimeout(() => setState('idle'), 2000);
      }}
    >
      {state === 'copied' ? 'Link copied' : state === 'failed' ? 'Copy failed' : 'Copy link'}
    </button>
  );
}
