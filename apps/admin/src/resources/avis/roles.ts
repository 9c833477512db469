/** Roles that see every avis (the API's national staff); the others are reviewers and see their own inbox. */
export const STAFF_ROLES = ['admin', 'instructeur', 'cabinet'];

/** Apart from the avis fields so that the menu (first load) gets it without the date display code. */
export const isStaff = (roles: readonly string[] | undefined) => (roles ?? []).some((r) => STAFF_ROLES.includes(r));
