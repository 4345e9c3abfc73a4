// An invisible zone in the top-left corner: five taps within three seconds open the
// technician sign-in. It takes the taps itself, so a tap there never starts a customer visit
// by mistake; it is hidden from assistive technology as it is not for customers.
import { useMemo } from 'react';
import { createTapCounter } from './gesture.js';
import { useServiceModeEntry } from './ServiceModeContext.js';

export function ServiceGesture() {
  const { open } = useServiceModeEntry();
  const counter = useMemo(() => createTapCounter(), []);
  return (
    <div
      className="service-gesture"
      data-testid="service-gesture"
      aria-hidden="true"
      onPointerDown={(e) => {
        e.preventDefault();
        e.stopPropagation();
        if (counter.tap(performance.now())) open();
      }}
      onClick={(e) => e.stopPropagation()}
    />
  );
}
