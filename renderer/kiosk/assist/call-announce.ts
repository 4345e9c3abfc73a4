// A customer who looked away from the call panel (at the card slot, at the screen above)
// must still notice what the expert sent: each new message, form or ID request plays a short
// tone and is read aloud in the customer's language. Only what arrives from the expert is
// announced, once, never the customer's own messages.
import { useEffect, useRef } from 'react';
import type { Locale } from '../../../electron/bridge/contract.js';
import { speak } from '../speech.js';
import { playTones } from '../../ui/tone.js';
import type { CallView } from './call-view.js';

/** A rising two-note tone; silent where there is no Web Audio (tests, no sound card). */
export function incomingTone(): void {
  playTones([660, 990], 0.15);
}

/** What is new from the expert since `seen`, as one sentence key per item. */
export function newFromExpert(view: CallView, seen: Set<string>): { id: string; kind: 'chat' | 'form' | 'id-scan'; text: string }[] {
  const items: { id: string; kind: 'chat' | 'form' | 'id-scan'; text: string }[] = [];
  for (const entry of view.chat) if (entry.from === 'expert' && !seen.has(entry.id)) items.push({ id: entry.id, kind: 'chat', text: entry.text });
  if (view.form && !seen.has(view.form.formId)) items.push({ id: view.form.formId, kind: 'form', text: view.form.title });
  if (view.idScan && view.idScan.status === 'waiting' && !seen.has(view.idScan.scanId)) items.push({ id: view.idScan.scanId, kind: 'id-scan', text: view.idScan.document });
  return items;
}

export function useAnnounce(view: CallView, locale: Locale, say: (item: { kind: 'chat' | 'form' | 'id-scan'; text: string }) => string): void {
  const seen = useRef(new Set<string>());
  useEffect(() => {
    const items = newFromExpert(view, seen.current);
    if (items.length === 0) return;
    for (const item of items) seen.current.add(item.id);
    incomingTone();
    speak(items.map(say).join(' '), locale);
  }, [view, locale, say]);
}
