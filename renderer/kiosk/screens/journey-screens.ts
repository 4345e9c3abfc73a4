// The journeys' screens as chunks of their own (cold start): the first chunk holds only what
// the attract, language and home screens need, so the page parses far less before it paints.
// Each chunk comes from the kiosk's own disk; all are fetched once the first screen is up
// (preloadJourneyScreens), so a customer's first tap into a journey does not wait for one.
import { lazy } from 'react';

const loaders = {
  bill: () => import('../bill/BillPaymentScreen.js').then((m) => ({ default: m.BillPaymentScreen })),
  accounts: () => import('../accounts/AccountServicesScreen.js').then((m) => ({ default: m.AccountServicesScreen })),
  accountOpening: () => import('../account-opening/AccountOpeningScreen.js').then((m) => ({ default: m.AccountOpeningScreen })),
  cardReplacement: () => import('../card-replacement/CardReplacementScreen.js').then((m) => ({ default: m.CardReplacementScreen })),
  feedback: () => import('../feedback/FeedbackScreen.js').then((m) => ({ default: m.FeedbackScreen })),
  recommendation: () => import('../recommendation/RecommendationScreen.js').then((m) => ({ default: m.RecommendationScreen })),
  appointmentBook: () => import('../appointments/AppointmentBookScreen.js').then((m) => ({ default: m.AppointmentBookScreen })),
  appointmentCheckIn: () => import('../appointments/AppointmentCheckInScreen.js').then((m) => ({ default: m.AppointmentCheckInScreen })),
};

export const BillPaymentScreen = lazy(loaders.bill);
export const AccountServicesScreen = lazy(loaders.accounts);
export const AccountOpeningScreen = lazy(loaders.accountOpening);
export const CardReplacementScreen = lazy(loaders.cardReplacement);
export const FeedbackScreen = lazy(loaders.feedback);
export const RecommendationScreen = lazy(loaders.recommendation);
export const AppointmentBookScreen = lazy(loaders.appointmentBook);
export const AppointmentCheckInScreen = lazy(loaders.appointmentCheckIn);

let preloaded = false;

/** Fetches every journey chunk once, when the browser is idle after the first screen. */
export function preloadJourneyScreens(): void {
  if (preloaded) return;
  preloaded = true;
  const load = () => {
    for (const loader of Object.values(loaders)) void loader().catch(() => undefined);
  };
  if (typeof requestIdleCallback === 'function') requestIdleCallback(load, { timeout: 1_000 });
  else setTimeout(load, 0);
}
