// `npm run migrate`: applies the pending migrations to DATABASE_URL.
import { runMigrations } from './data-source';

const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptce';
runMigrations(url)
  .then((names) => {
    console.log(names.length ? `Migrations appliquées : ${names.join(', ')}` : 'Base à jour : aucune migration en attente.');
  })
  .catch((err) => {
    console.error(`Échec des migrations : ${err.message}`);
    process.exit(1);
  });
