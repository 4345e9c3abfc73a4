// Maps the journey phase to its screen: the only place that decides what is on screen
// (Attract and Home pass through the out-of-service gates of service/gates.tsx). The journeys'
// screens load as chunks of their own (journey-screens.ts); while one loads, a progress screen.
import { Suspense, useEffect } from 'react';
import { LoadingScreen } from './LoadingScreen.js';
import { AttractGate, HomeGate } from '../service/gates.js';
import type { Phase } from '../session/journey.js';
import { LanguageScreen } from './LanguageScreen.js';
import { QueueChooseScreen } from './QueueChooseScreen.js';
import { QueueIssueFailedScreen } from './QueueIssueFailedScreen.js';
import { QueuePrintingScreen } from './QueuePrintingScreen.js';
import { QueueTicketScreen } from './QueueTicketScreen.js';
import {
  AccountOpeningScreen,
  AccountServicesScreen,
  AppointmentBookScreen,
  AppointmentCheckInScreen,
  BillPaymentScreen,
  CardReplacementScreen,
  FeedbackScreen,
  preloadJourneyScreens,
  RecommendationScreen,
} from './journey-screens.js';

export function CurrentScreen({ phase }: { phase: Phase }) {
  useEffect(preloadJourneyScreens, []);
  return (
    <Suspense fallback={<LoadingScreen testId="screen-loading" />}>
      <PhaseScreen phase={phase} />
    </Suspense>
  );
}

function PhaseScreen({ phase }: { phase: Phase }) {
  switch (phase.name) {
    case 'attract':
      return <AttractGate />;
    case 'language':
      return <LanguageScreen />;
    case 'home':
      return <HomeGate />;
    case 'queue.choose':
      return <QueueChooseScreen />;
    case 'queue.issuing':
      return <QueuePrintingScreen phase={phase} />;
    case 'queue.issueFailed':
      return <QueueIssueFailedScreen phase={phase} />;
    case 'queue.ticket':
      return <QueueTicketScreen phase={phase} />;
    case 'appointment.book':
      return <AppointmentBookScreen />;
    case 'appointment.checkIn':
      return <AppointmentCheckInScreen phase={phase} />;
    case 'bill':
      return <BillPaymentScreen phase={phase} />;
    case 'accounts':
      return <AccountServicesScreen phase={phase} />;
    case 'accountOpening':
      return <AccountOpeningScreen phase={phase} />;
    case 'cardReplacement':
      return <CardReplacementScreen phase={phase} />;
    case 'feedback':
      return <FeedbackScreen phase={phase} />;
    case 'recommendation':
      return <RecommendationScreen phase={phase} />;
  }
}
