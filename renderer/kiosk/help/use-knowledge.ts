// The Help screen's calls to the host: a search per keystroke (answers that arrive after a
// newer keystroke's are dropped), and whether this host has a knowledge base at all (an older
// host, or a test's fake without one, answers with an error: the articles are then not offered).
import { useEffect, useRef, useState } from 'react';
import type { KnowledgeHit } from '../../../electron/bridge/knowledge-contract.js';
import type { KnowledgeCategory, KnowledgeLocale } from '../../../protocol/knowledge.js';
import { useBridge } from '../../bridge/BridgeContext.js';

export const MAX_HITS = 3;

export function useKnowledgeSearch(query: string, locale: KnowledgeLocale, category: KnowledgeCategory | null): { hits: KnowledgeHit[] | null; failed: boolean } {
  const client = useBridge();
  const [result, setResult] = useState<{ hits: KnowledgeHit[] | null; failed: boolean }>({ hits: null, failed: false });
  const latest = useRef(0);
  useEffect(() => {
    const asked = ++latest.current;
    const input = query.trim() === '' && category ? { query: '', locale, category, limit: MAX_HITS } : { query, locale, limit: MAX_HITS };
    client.request('knowledge.search', input).then(
      ({ hits }) => asked === latest.current && setResult({ hits, failed: false }),
      () => asked === latest.current && setResult({ hits: null, failed: true }),
    );
  }, [client, query, locale, category]);
  return result;
}

/** null while unknown; false when the host has no knowledge base to offer. */
export function useKnowledgeAvailable(locale: KnowledgeLocale): boolean | null {
  const client = useBridge();
  const [available, setAvailable] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    client.request('knowledge.search', { query: '', locale }).then(
      () => live && setAvailable(true),
      () => live && setAvailable(false),
    );
    return () => {
      live = false;
    };
  }, [client, locale]);
  return available;
}
