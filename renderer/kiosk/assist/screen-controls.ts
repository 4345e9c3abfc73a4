// The controls on the customer's screen, as the expert may point at them: an id the kiosk can
// find again (`data-assist-id`, else `data-testid`) and the words the customer sees on it,
// masked like every value that leaves the page. Read from the DOM on purpose: the expert
// points at what is on the glass, not at what the session thinks is there.
import type { z } from 'zod';
import type { screenControlSchema } from '../../../protocol/call-messages.js';
import { maskNumbers } from './journey-state.js';

export type ScreenControl = z.infer<typeof screenControlSchema>;

const TARGET = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const SELECTOR = '[data-assist-id], button[data-testid], a[data-testid], input[data-testid], [role="button"][data-testid]';
export const MAX_SCREEN_CONTROLS = 40;

export function screenControls(root: ParentNode | null): ScreenControl[] {
  if (!root) return [];
  const seen = new Set<string>();
  const controls: ScreenControl[] = [];
  for (const element of root.querySelectorAll<HTMLElement>(SELECTOR)) {
    const id = element.dataset.assistId ?? element.dataset.testid ?? '';
    if (!TARGET.test(id) || seen.has(id)) continue;
    seen.add(id);
    // innerText keeps the line breaks between a tile's title and its description as spaces.
    const words = (element.getAttribute('aria-label') ?? element.innerText ?? element.textContent ?? '').replace(/\s+/g, ' ').trim();
    controls.push({ id, label: maskNumbers(words).slice(0, 80) });
    if (controls.length === MAX_SCREEN_CONTROLS) break;
  }
  return controls;
}
