// A blocking dialog. The caller makes the page behind it `inert`, so touches cannot reach
// it; focus goes to the first action so Enter answers the question.
import { useEffect, useId, useRef, type ReactNode } from 'react';

export interface ModalProps {
  title: string;
  children?: ReactNode;
  actions: ReactNode;
  /** `alertdialog` for prompts that need an answer now (idle warning). */
  role?: 'dialog' | 'alertdialog';
  testId?: string;
}

export function Modal({ title, children, actions, role = 'dialog', testId }: ModalProps) {
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    dialogRef.current?.querySelector<HTMLButtonElement>('.modal__actions button')?.focus();
  }, []);

  return (
    <div className="modal-backdrop">
      <div ref={dialogRef} className="modal" role={role} aria-modal="true" aria-labelledby={titleId} data-testid={testId}>
        <h2 id={titleId} className="modal__title">
          {title}
        </h2>
        {children}
        <div className="modal__actions">{actions}</div>
      </div>
    </div>
  );
}
