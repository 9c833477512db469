import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startReactDsfr } from '@codegouvfr/react-dsfr/spa';
import { App } from './App';

// DSFR runtime (colour scheme attributes on <html>, DSFR JS for its components). The DSFR CSS and fonts
// are linked from index.html (public/dsfr, copied by scripts/copy-dsfr.mjs).
startReactDsfr({ defaultColorScheme: 'light' });

const container = document.getElementById('root');
if (!container) throw new Error('Élément #root introuvable dans index.html');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
