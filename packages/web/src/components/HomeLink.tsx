import type { ReactNode } from 'react';
import { navigate } from '../routes.js';

/** A real link to `/` (works with open-in-new-tab) that navigates in place on a plain click. */
export function HomeLink({ children, className }: { children: ReactNode; className?: string }) {
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
