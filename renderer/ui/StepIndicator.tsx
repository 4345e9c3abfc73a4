// "Step N of M" for multi-step journeys. The caller passes the translated label so the kit
// stays free of i18n; the dots repeat it visually and are hidden from screen readers.
export interface StepIndicatorProps {
  current: number;
  total: number;
  label: string;
}

export function StepIndicator({ current, total, label }: StepIndicatorProps) {
  const dots = Array.from({ length: total }, (_, index) => index < current);
  return (
    <p className="step-indicator" data-testid="step-indicator">
      <span aria-hidden="true">
        {dots.map((reached, index) => (
          <span key={index} className={reached ? 'step-indicator__dot step-indicator__dot--reached' : 'step-indicator__dot'} />
        ))}
      </span>
      <span>{label}</span>
    </p>
  );
}
