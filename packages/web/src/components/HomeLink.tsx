import type { ReactNode } from 'react';
import { navigate } from '../routes.js';

/**
 * A real link to `/` (works with open-in-new-tab) that navigates in place on a plain click. With
 * `newTab` (in a call, where navigating would end it) it always opens a new tab, and says so.
 */
export function HomeLink({ children, className, newTab }: { children: ReactNode; className?: string; newTab?: { label: string } }) {
  if (newTab) {
    return (
      <a className={className} href="/" target="_blank" rel="noopener" aria-label={newTab.label} title={newTab.label}>
        {children}
      </a>
    );
  }
  return (
    <a
      className={className}
      href="/"
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate('/');
      }}
    >
      {children}
    </a>
  );
}
