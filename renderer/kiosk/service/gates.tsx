// Where the out-of-service screen replaces a customer screen: on Attract (nobody is using the
// kiosk, so at once) and on Home when the customer arrives there. A customer already on Home
// or inside a journey when a device fails is not interrupted: the screen they see stays, and
// the out-of-service screen comes at their next Home or Attract.
import { useState } from 'react';
import { AttractScreen } from '../screens/AttractScreen.js';
import { HomeScreen } from '../screens/HomeScreen.js';
import { useSessionContext } from '../session/SessionContext.js';
import { useOutOfService } from './OutOfServiceContext.js';
import { OutOfServiceScreen } from './OutOfServiceScreen.js';
import { ServiceGesture } from './ServiceGesture.js';

export function AttractGate() {
  const state = useOutOfService();
  const { info } = useSessionContext();
  if (state?.outOfService) return <OutOfServiceScreen state={state} locale={info.defaultLocale} />;
  return (
    <>
      <AttractScreen />
      <ServiceGesture />
    </>
  );
}

export function HomeGate() {
  const state = useOutOfService();
  const { state: session } = useSessionContext();
  // Decided when Home appears: a failure while the customer is on Home does not yank it away.
  const [outOnArrival] = useState(() => state?.outOfService === true);
  if (outOnArrival && state?.outOfService) return <OutOfServiceScreen state={state} locale={session.locale} />;
  return <HomeScreen />;
}
