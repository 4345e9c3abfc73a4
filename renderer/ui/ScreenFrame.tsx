// Layout shared by every screen: header (navigation), optional banner, the titled main
// area and a footer. The main area is a lead (step and title, for the eye) and a body (what
// to touch): on a tall screen the lead takes the free height and the body sits at the bottom,
// within reach (screen.css). Focus moves to the title when it changes so a screen-reader user
// hears which screen they are on after each step.
import { useEffect, useRef, type ReactNode } from 'react';

export interface ScreenFrameProps {
  title: string;
  header?: ReactNode;
  banner?: ReactNode;
  /** Shown above the title, e.g. a StepIndicator. */
  step?: ReactNode;
  footer?: ReactNode;
  children?: ReactNode;
  testId?: string;
}

export function ScreenFrame({ title, header, banner, step, footer, children, testId }: ScreenFrameProps) {
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    titleRef.current?.focus({ preventScroll: true });
  }, [title]);

  return (
    <div className="screen" data-testid={testId}>
      {header !== undefined && <header className="screen__header">{header}</header>}
      {banner}
      <main className="screen__main">
        <div className="screen__lead">
          {step}
          <h1 className="screen__title" ref={titleRef} tabIndex={-1}>
            {title}
          </h1>
        </div>
        <div className="screen__body">{children}</div>
      </main>
      {footer !== undefined && <footer className="screen__footer">{footer}</footer>}
    </div>
  );
}
