// Which articles to offer before the customer types anything: those of the step they asked
// for help from. Paying a bill, reading balances or replacing a card raises fee questions; a
// queue ticket, when the branch is open; the home screen and the rest have no obvious topic, so
// nothing is guessed.
import type { KnowledgeCategory } from '../../../protocol/knowledge.js';
import type { Phase } from '../session/journey.js';

export function stepCategory(phase: Phase): KnowledgeCategory | null {
  switch (phase.name) {
    case 'bill':
    case 'accounts':
    case 'cardReplacement':
      return 'fees';
    case 'queue.choose':
    case 'queue.issuing':
    case 'queue.issueFailed':
    case 'queue.ticket':
      return 'hours';
    default:
      return null;
  }
}
