import type { ReactNode } from 'react';
import { AppShell } from './AppShell.js';

/** A centred card with a title, a sentence and actions: left, errors, invalid links. */
export function MessagePage({
  title,
  children,
  actions,
  testId,
}: {
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  return (
    <AppShell>
      <section className="card message" data-testid={testId} aria-live="polite">
        <h1 className="message__title">{title}</h1>
        {children ? <div className="message__body">{children}</div> : null}
        {actions ? <div className="message__actions">{actions}</div> : null}
      </section>
    </AppShell>
  );
}
