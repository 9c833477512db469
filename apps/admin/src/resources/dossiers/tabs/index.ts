import type { ComponentType } from 'react';
import type { Role } from '../../../labels';
import { DossierContentTab } from './DossierContentTab';
import { EligibilityTab } from './EligibilityTab';
import { JournalTab } from './JournalTab';
import { DossierAvisTab } from '../../../components/avis';
import { DossierNotificationsTab } from '../../../components/notifications';
import { MembersTab } from '../../../components/members';
import { ConventionTab } from '../../bouquet/ConventionTab';
import { PhasesTab } from './PhasesTab';

/**
 * A tab of the dossier page. `Component` renders inside the dossier's record context (`useRecordContext()`);
 * `path` is the URL suffix (`#/dossiers/<id>/show/<path>`, '' for the first tab); `roles` hides the tab from whom
 * the API would refuse (UI comfort only).
 */
export interface DossierTab {
  path: string;
  label: string;
  Component: ComponentType;
  roles?: readonly Role[];
}

/**
 * The tabs of the dossier page, in display order. Adding one (e.g. the Avis tab) is one entry here:
 *   { path: 'avis', label: 'Avis', Component: AvisTab }
 */
export const DOSSIER_TABS: DossierTab[] = [
  { path: '', label: 'Dossier', Component: DossierContentTab },
  { path: 'membres', label: 'Membres', Component: MembersTab, roles: ['instructeur', 'admin', 'cabinet'] },
  { path: 'eligibilite', label: 'Éligibilité', Component: EligibilityTab, roles: ['instructeur', 'admin', 'cabinet'] },
  { path: 'avis', label: 'Avis', Component: DossierAvisTab, roles: ['instructeur', 'admin', 'cabinet'] },
  { path: 'phases', label: 'Phases', Component: PhasesTab, roles: ['instructeur', 'admin', 'cabinet'] },
  { path: 'courriels', label: 'Courriels', Component: DossierNotificationsTab, roles: ['instructeur', 'admin', 'cabinet'] },
  { path: 'convention', label: 'Convention', Component: ConventionTab, roles: ['instructeur', 'admin', 'cabinet'] },
  { path: 'journal', label: 'Journal', Component: JournalTab },
];
