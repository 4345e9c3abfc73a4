// A large menu choice. A disabled tile is a real disabled <button>: not clickable, skipped
// by focus, and visibly different (dashed border, grey, badge) without relying on hover.
import type { ReactNode } from 'react';

export interface TileProps {
  label: string;
  icon?: ReactNode;
  description?: string;
  /** Short visible status, e.g. "Coming soon". */
  badge?: string;
  disabled?: boolean;
  onSelect?: () => void;
  testId?: string;
  lang?: string;
  /** Full-width, icon beside the text: for the one primary choice of a menu. */
  wide?: boolean;
}

export function Tile({ label, icon, description, badge, disabled = false, onSelect, testId, lang, wide = false }: TileProps) {
  return (
    <button type="button" className={wide ? 'tile tile--wide' : 'tile'} disabled={disabled} onClick={onSelect} data-testid={testId} lang={lang}>
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
