import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { I18nProvider, initialLang } from './i18n/I18nProvider.js';
import { loadCatalog } from './i18n/translate.js';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

// The first render needs the page's strings: only its own language's are fetched.
const lang = initialLang();
const catalog = await loadCatalog(lang);

createRoot(root).render(
  <StrictMode>
    <I18nProvider initial={{ lang, catalog }}>
      <App />
    </I18nProvider>
  </StrictMode>,
);
