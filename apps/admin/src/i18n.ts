import polyglotI18nProvider from 'ra-i18n-polyglot';
import frenchMessages from 'ra-language-french';

/** react-admin's French messages, with a few wordings adapted to the back-office. */
const messages = {
  ...frenchMessages,
  ra: {
    ...frenchMessages.ra,
    auth: {
      ...frenchMessages.ra.auth,
      username: 'Adresse électronique',
      sign_in: 'Se connecter',
      sign_in_error: 'La connexion a échoué. Réessayez.',
    },
  },
};

export const i18nProvider = polyglotI18nProvider(() => messages, 'fr', [{ locale: 'fr', name: 'Français' }], {
  allowMissing: true,
});
