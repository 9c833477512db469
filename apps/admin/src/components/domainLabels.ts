/**
 * French labels of the domain lib (@ptce/domain), for DISPLAY ONLY: the browser never applies a business rule,
 * the API decides (allowed actions, validation, eligibility). One import point, so that the bundle only takes
 * what is shown.
 */
export {
  ACTION_LABELS,
  STATE_LABELS,
  ELIGIBILITY_LABELS,
  SECTION_LABELS,
  MANDATORY_SECTIONS,
  OPTIONAL_SECTIONS,
  LEGAL_CATEGORY_LABELS,
  CALENDAR_FIELDS,
  CALENDAR_FIELD_LABELS,
  CHARACTERISATION_OPTIONS,
  REVIEWER_ROLES,
  DOSSIER_STATES,
  ELIGIBILITIES,
  ELIGIBILITY_CRITERIA,
  // which avis a campaign expects and where reviewers are picked: to show a missing avis, not to decide anything
  requiredSlots,
  isRegionalRole,
} from '@ptce/domain';
export type { DossierState, Eligibility, WorkflowAction, RequiredField, SectionKey, CalendarField, LegalCategory } from '@ptce/domain';
