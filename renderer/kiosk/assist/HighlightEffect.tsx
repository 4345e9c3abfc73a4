// The expert points at a control: it gets a thick outline (and scrolls into view) until the
// expert turns it off or the call ends. Found by `data-assist-id`, else by `data-testid`;
// re-applied when the screen changes, since the element may have been replaced.
import { useEffect } from 'react';

export const HIGHLIGHT_CLASS = 'assist-highlight';

export function findTarget(target: string): HTMLElement | null {
  // The protocol limits targets to [a-z0-9._-], so they are safe inside an attribute selector.
  return document.querySelector<HTMLElement>(`[data-assist-id="${target}"]`) ?? document.querySelector<HTMLElement>(`[data-testid="${target}"]`);
}

export function HighlightEffect({ target, screen }: { target: string | null; screen: string }) {
  useEffect(() => {
    if (!target) return;
    const element = findTarget(target);
    if (!element) return;
    element.classList.add(HIGHLIGHT_CLASS);
    element.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
    return () => element.classList.remove(HIGHLIGHT_CLASS);
  }, [target, screen]);
  return null;
}
