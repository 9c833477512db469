// The product's domain modules (dossiers, eligibility, avis, selection, notifications, imports, campaigns).
export const DOMAIN_MODULES = [];
