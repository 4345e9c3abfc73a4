// A large menu choice. A disabled tile is visibly different (dashed border, grey, badge)
// without relying on hover, and announced as unavailable (aria-disabled) — but it still
// answers a tap through `onUnavailable`, so a customer who taps it learns what to do instead
// of meeting a dead button.
import type { ReactNode } from 'react';

export interface TileProps {
  label: string;
  icon?: ReactNode;
  description?: string;
  /** Short visible status, e.g. "Coming soon". */
  badge?: string;
  disabled?: boolean;
  onSelect?: () => void;
  /** A tap on a disabled tile: say why and what to do instead. */
  onUnavailable?: () => void;
  testId?: string;
  lang?: string;
  /** Full-width, icon beside the text: for the one primary choice of a menu. */
  wide?: boolean;
}

export function Tile({ label, icon, description, badge, disabled = false, onSelect, onUnavailable, testId, lang, wide = false }: TileProps) {
  return (
    <button
      type="button"
      className={wide ? 'tile tile--wide' : 'tile'}
      aria-disabled={disabled || undefined}
      onClick={disabled ? onUnavailable : onSelect}
      data-testid={testId}
      lang={lang}
    >
      {icon !== undefined && (
        <span className="tile__icon" aria-hidden="true">
          {icon}
        </span>
      )}
      <span className="tile__label">{label}</span>
      {/* The spaces keep words apart in the accessible name ("缴费 即将推出"); flex layout ignores them. */}
      {description !== undefined && <> <span className="tile__description">{description}</span></>}
      {badge !== undefined && <> <span className="tile__badge">{badge}</span></>}
    </button>
  );
}
