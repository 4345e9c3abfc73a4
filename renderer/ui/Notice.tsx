// A coloured message line. `alert` tone is announced assertively for errors the customer
// must act on; warnings and banners are polite.
import type { ReactNode } from 'react';

export interface NoticeProps {
  tone: 'warning' | 'danger' | 'banner';
  children: ReactNode;
  testId?: string;
}

export function Notice({ tone, children, testId }: NoticeProps) {
  const role = tone === 'danger' ? 'alert' : 'status';
  return (
    <p className={`notice notice--${tone}`} role={role} data-testid={testId}>
      {children}
    </p>
  );
}
