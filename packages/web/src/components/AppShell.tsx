import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.js';
import { HomeLink } from './HomeLink.js';
import { InsecureContextNotice } from './InsecureContextNotice.js';
import { LanguageSelect } from './LanguageSelect.js';

/** The frame every page shares: brand link home, language choice, then the page. */
/**
 * `fill`: the page takes exactly the viewport (the call grid sizes itself to it). `inCall`: the
 * brand link opens the home page in a new tab instead of leaving the call.
 */
export function AppShell({
  children,
  aside,
  fill = false,
  inCall = false,
}: {
  children: ReactNode;
  aside?: ReactNode;
  fill?: boolean;
  inCall?: boolean;
}) {
  const { t } = useI18n();
  return (
    <div className={fill ? 'shell shell--fill' : 'shell'}>
      <header className="topbar">
        <HomeLink className="brand" {...(inCall ? { newTab: { label: t('nav.homeNewTab') } } : {})}>
          <span className="brand__mark" aria-hidden="true" />
          {t('app.name')}
        </HomeLink>
        <div className="topbar__aside">
          {aside}
          <LanguageSelect />
        </div>
      </header>
      <InsecureContextNotice />
      <main className="shell__main">{children}</main>
    </div>
  );
}
