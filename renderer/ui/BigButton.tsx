// The kit's one button. Text is always visible (never icon-only, never hover-only) so every
// button has an accessible name and a first-time user can read what it does.
import type { ButtonHTMLAttributes, ReactNode } from 'react';

export type BigButtonVariant = 'primary' | 'secondary' | 'quiet';

export interface BigButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: BigButtonVariant;
  /** Extra-large target for single-choice screens (language, attract). */
  huge?: boolean;
  /** Decorative; hidden from assistive technology. */
  icon?: ReactNode;
}

export function BigButton({ variant = 'primary', huge = false, icon, className, children, type = 'button', ...rest }: BigButtonProps) {
  const classes = ['big-button', `big-button--${variant}`, huge ? 'big-button--huge' : '', className ?? ''];
  return (
    <button type={type} className={classes.filter(Boolean).join(' ')} {...rest}>
      {icon !== undefined && <span aria-hidden="true">{icon}</span>}
      <span>{children}</span>
    </button>
  );
}
