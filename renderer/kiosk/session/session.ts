// Everything one customer's visit owns: journey phase, language, elder mode and the help
// overlay. It is one reducer so that "wipe the session" is one line, and the rule "landing
// on Attract wipes the session" holds however Attract was reached.
import type { Locale } from '../../../electron/bridge/contract.js';
import { initialPhase, isJourneyEvent, journeyReducer, type JourneyEvent, type Phase } from './journey.js';

export type HelpState = { kind: 'closed' } | { kind: 'contacting' } | { kind: 'answered'; available: boolean };

export interface SessionState {
  phase: Phase;
  locale: Locale;
  elder: boolean;
  help: HelpState;
  /** The kiosk's configured language, restored for the next customer. */
  defaultLocale: Locale;
}

export type SessionEvent =
  | JourneyEvent
  | { type: 'localeToggled' }
  | { type: 'elderToggled' }
  | { type: 'helpOpened' }
  | { type: 'helpAnswered'; available: boolean }
  | { type: 'helpClosed' };

export function initialSession(defaultLocale: Locale): SessionState {
  return { phase: initialPhase, locale: defaultLocale, elder: false, help: { kind: 'closed' }, defaultLocale };
}

function sessionFields(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'languageChosen':
      return { ...state, locale: event.locale };
    case 'localeToggled':
      return { ...state, locale: state.locale === 'zh-CN' ? 'en' : 'zh-CN' };
    case 'elderToggled':
      return { ...state, elder: !state.elder };
    case 'helpOpened':
      return { ...state, help: { kind: 'contacting' } };
    case 'helpAnswered':
      return state.help.kind === 'contacting' ? { ...state, help: { kind: 'answered', available: event.available } } : state;
    case 'helpClosed':
      return { ...state, help: { kind: 'closed' } };
    default:
      return state;
  }
}

export function sessionReducer(state: SessionState, event: SessionEvent): SessionState {
  const next = sessionFields(state, event);
  const phase = isJourneyEvent(event) ? journeyReducer(next.phase, event) : next.phase;
  if (phase.name === 'attract') {
    // Attract has no controls, so only a real return to it (or an explicit reset) wipes.
    const stayedOnAttract = state.phase.name === 'attract' && event.type !== 'reset';
    return stayedOnAttract ? state : initialSession(state.defaultLocale);
  }
  return phase === next.phase ? next : { ...next, phase };
}
