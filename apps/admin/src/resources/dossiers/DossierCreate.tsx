import { Create } from 'react-admin';
import { DossierForm } from './DossierForm';
import { toCreatePayload } from './payload';

/** A dossier received outside DS, entered by an instructeur; it starts « Déposé ». */
export const DossierCreate = () => (
  <Create
    title="Saisir un dossier"
    redirect="show"
    transform={toCreatePayload}
    record={{ phase: 1, structure: { esus: false }, declaredAttachments: [] }}
  >
    <DossierForm mode="create" />
  </Create>
);
