/** A dossier "en attente de compléments" whose last request's due date (journal data `dueAt`) has passed. */
export const COMPLEMENTS_OVERDUE_SQL = (alias: string): string =>
  `(${alias}.state = 'en_attente_complements' AND (SELECT (cj.data->>'dueAt')::timestamptz FROM dossier_journal cj
      WHERE cj.dossier_id = ${alias}.id AND cj.action = 'demander_complements' ORDER BY cj.id DESC LIMIT 1) < now())`;
