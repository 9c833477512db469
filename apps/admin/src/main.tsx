import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startReactDsfr } from '@codegouvfr/react-dsfr/spa';
import { App } from './App';

// DSFR runtime (colour scheme attributes on <html>, DSFR JS for its components). The DSFR CSS and fonts
// are linked from index.html (public/dsfr, copied by scripts/copy-dsfr.mjs).
startReactDsfr({ defaultColorScheme: 'light' });

// A screen's code is loaded when first opened; after a new release its old file is gone. Reload once to get the new
// version (guarded against a loop), and say so in French if that was not enough.
window.addEventListener('vite:preloadError', (event) => {
  event.preventDefault();
  if (sessionStorage.getItem('ptce-reloaded-for-update') !== '1') {
    sessionStorage.setItem('ptce-reloaded-for-update', '1');
    window.location.reload();
    return;
  }
  window.alert('Une nouvelle version de l’application est disponible : rechargez la page (touche F5).');
});
window.addEventListener('load', () => sessionStorage.removeItem('ptce-reloaded-for-update'));

const container = document.getElementById('root');
if (!container) throw new Error('Élément #root introuvable dans index.html');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
