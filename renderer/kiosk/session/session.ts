// Everything one customer's visit owns: journey phase, language and elder mode. It is one
// reducer so that "wipe the session" is one line, and the rule "landing on Attract wipes the
// session" holds however Attract was reached. Video help lives in the host (assist.state);
// ending the session ends it there too (session.ended).
import type { Locale } from '../../../electron/bridge/contract.js';
import { initialPhase, isJourneyEvent, journeyReducer, type JourneyEvent, type Phase } from './journey.js';

export interface SessionState {
  phase: Phase;
  locale: Locale;
  elder: boolean;
  /** The kiosk's configured language, restored for the next customer. */
  defaultLocale: Locale;
}

export type SessionEvent =
  | JourneyEvent
  | { type: 'localeToggled' }
  | { type: 'elderToggled' };

export function initialSession(defaultLocale: Locale): SessionState {
  return { phase: initialPhase, locale: defaultLocale, elder: false, defaultLocale };
}

function sessionFields(state: SessionState, event: SessionEvent): SessionState {
  switch (event.type) {
    case 'languageChosen':
      return { ...state, locale: event.locale };
    case 'localeToggled':
      return { ...state, locale: state.locale === 'zh-CN' ? 'en' : 'zh-CN' };
    case 'elderToggled':
      return { ...state, elder: !state.elder };
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
