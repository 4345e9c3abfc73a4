// Waiting indicator: an animated spinner plus words, announced politely. Used for every
// wait so the customer never faces a frozen screen.
export interface ProgressProps {
  label: string;
  hint?: string;
  testId?: string;
}

export function Progress({ label, hint, testId }: ProgressProps) {
  return (
    <div className="progress" role="status" aria-live="polite" data-testid={testId}>
      <span className="progress__spinner" aria-hidden="true" />
      <span>{label}</span>
      {hint !== undefined && <span className="notice">{hint}</span>}
    </div>
  );
}
