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
    // Issue 14: the generic messages, in the back-office's words (no "élément", no "dataProvider", no "mauvais lien..").
    notification: {
      ...frenchMessages.ra.notification,
      updated: 'Modifications enregistrées. |||| %{smart_count} fiches mises à jour.',
      created: 'Enregistrement créé.',
      deleted: 'Suppression effectuée. |||| %{smart_count} suppressions effectuées.',
      bad_item: 'Cette fiche est introuvable.',
      item_doesnt_exist: 'Cette fiche n’existe pas ou ne vous est pas accessible.',
      http_error: 'Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.',
      data_provider_error: 'Une erreur inattendue est survenue. Rechargez la page ; si elle persiste, contactez le support.',
      canceled: 'Action annulée.',
      logged_out: 'Votre session a expiré : reconnectez-vous pour continuer.',
      not_authorized: 'Vous n’avez pas accès à cette page.',
      offline: 'Pas de connexion au réseau : les données ne peuvent pas être chargées.',
    },
    navigation: {
      ...frenchMessages.ra.navigation,
      no_results: 'Aucun résultat.',
      no_filtered_results: 'Aucun résultat avec ces filtres.',
      page_rows_per_page: 'Lignes par page :',
      next: 'Page suivante',
      previous: 'Page précédente',
      skip_nav: 'Aller au contenu principal',
    },
    page: {
      ...frenchMessages.ra.page,
      error: 'Une erreur est survenue',
      not_found: 'Page introuvable',
      empty: 'Rien à afficher pour le moment.',
      invite: 'Vous pouvez en saisir un.',
      access_denied: 'Accès refusé',
      authentication_error: 'Connexion impossible',
    },
    message: {
      ...frenchMessages.ra.message,
      are_you_sure: 'Confirmez-vous cette action ?',
      not_found: 'Cette adresse ne correspond à aucune page de l’outil. Revenez au tableau de bord.',
      error: 'L’action n’a pas pu aboutir à cause d’une erreur dans le navigateur. Rechargez la page.',
      invalid_form: 'Le formulaire contient des erreurs : corrigez les champs signalés.',
      loading: 'Chargement en cours…',
      unsaved_changes: 'Certaines modifications ne sont pas enregistrées. Quitter quand même cette page ?',
      placeholder_data_warning: 'Problème de réseau : les données affichées peuvent ne pas être à jour.',
      select_all_limit_reached: 'Trop d’éléments pour tout sélectionner : seuls les %{max} premiers le sont.',
    },
  },
};

export const i18nProvider = polyglotI18nProvider(() => messages, 'fr', [{ locale: 'fr', name: 'Français' }], {
  allowMissing: true,
});
