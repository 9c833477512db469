// Every migration, in order. Listed explicitly (no glob) so that the same list runs from sources, tests and builds.
import { InitUsers1764000000000 } from './1764000000000-init-users';
import { CampaignsDossiers1764000001000 } from './1764000001000-campaigns-dossiers';
import { Avis1764000002000 } from './1764000002000-avis';
import { Imports1764000004000 } from './1764000004000-imports';
import { Notifications1764000005000 } from './1764000005000-notifications';
import { Selection1764000006000 } from './1764000006000-selection';
import { ImportsJobs1764000007000 } from './1764000007000-imports-jobs';
import { AccountsAudit1764000008000 } from './1764000008000-accounts-audit';
import { Daily1764000009000 } from './1764000009000-daily';
import { Fidelity1764000010000 } from './1764000010000-fidelity';
import { Perf1764000011000 } from './1764000011000-perf';
import { ExportJobs1764000012000 } from './1764000012000-export-jobs';
import { DsChannel1764000013000 } from './1764000013000-ds-channel';
import { JournalVocabulary1764000014000 } from './1764000014000-journal-vocabulary';
import { ComplementsDelay1764000015000 } from './1764000015000-complements-delay';

export const MIGRATIONS = [InitUsers1764000000000, CampaignsDossiers1764000001000, Avis1764000002000, Imports1764000004000, Notifications1764000005000, Selection1764000006000, ImportsJobs1764000007000, AccountsAudit1764000008000, Daily1764000009000, Fidelity1764000010000, Perf1764000011000, ExportJobs1764000012000, DsChannel1764000013000, JournalVocabulary1764000014000, ComplementsDelay1764000015000];
