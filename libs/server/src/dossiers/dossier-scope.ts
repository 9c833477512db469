import { Brackets, SelectQueryBuilder, WhereExpressionBuilder } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators';

const SEE_ALL = ['admin', 'instructeur', 'cabinet'];

/**
 * Restricts a dossier query to what the caller may see: national roles everything; CRESS and the State's
 * correspondent their regions; compagnons and experts the dossiers assigned to them. A reviewer never sees a
 * dossier on which they declared a conflict. Reused by every dossier (and avis) query, so the rule lives once.
 */
export function applyDossierScope<T extends WhereExpressionBuilder>(qb: T, user: AuthUser, alias = 'd'): T {
  if (user.roles.some((r) => SEE_ALL.includes(r))) return qb;
  qb.andWhere(
    new Brackets((w) => {
      let any = false;
      if ((user.roles.includes('cress') || user.roles.includes('correspondant_ess')) && user.regions.length) {
        w.orWhere(`${alias}.region IN (:...scopeRegions)`, { scopeRegions: user.regions });
        any = true;
      }
      if (user.roles.includes('compagnon') || user.roles.includes('expert')) {
        w.orWhere(
          `EXISTS (SELECT 1 FROM avis sa WHERE sa.dossier_id = ${alias}.id AND sa.reviewer_id = :scopeUser AND sa.status <> 'conflit')`,
          {
            scopeUser: user.id,
          },
        );
        any = true;
      }
      if (!any) w.where('FALSE');
    }),
  );
  if (!user.roles.some((r) => SEE_ALL.includes(r))) {
    qb.andWhere(
      `NOT EXISTS (SELECT 1 FROM avis ca WHERE ca.dossier_id = ${alias}.id AND ca.reviewer_id = :scopeUser AND ca.status = 'conflit')`,
      {
        scopeUser: user.id,
      },
    );
  }
  return qb;
}

export function canSeeAll(user: AuthUser): boolean {
  return user.roles.some((r) => SEE_ALL.includes(r));
}

export type DossierQuery = SelectQueryBuilder<object>;
