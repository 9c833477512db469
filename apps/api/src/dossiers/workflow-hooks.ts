import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ApplyResult, WorkflowAction } from '@ptce/domain';
import type { AuthUser } from '../common/auth.decorators';
import { DossierEntity } from './dossier.entity';

export interface AppliedTransition {
  dossier: DossierEntity; // after the change
  action: WorkflowAction;
  from: string;
  result: Extract<ApplyResult, { ok: true }>;
  user: AuthUser | null;
  requestId: string | null;
}

export type AfterTransitionHook = (tx: EntityManager, t: AppliedTransition) => Promise<void>;
export type AvisRenderedCheck = (tx: EntityManager, dossier: DossierEntity) => Promise<boolean>;

/**
 * Extension points of the workflow so that other areas (avis assignment, notifications) react to a transition
 * inside the same transaction, without the dossiers module importing them.
 */
@Injectable()
export class WorkflowHooks {
  private readonly after: AfterTransitionHook[] = [];
  private avisCheck: AvisRenderedCheck | null = null;

  onAfterTransition(hook: AfterTransitionHook): void {
    this.after.push(hook);
  }

  setRequiredAvisCheck(check: AvisRenderedCheck): void {
    this.avisCheck = check;
  }

  async runAfter(tx: EntityManager, t: AppliedTransition): Promise<void> {
    for (const h of this.after) await h(tx, t);
  }

  /** Without the avis module nothing is ever rendered, so a dossier cannot become instruit. */
  requiredAvisRendered(tx: EntityManager, dossier: DossierEntity): Promise<boolean> {
    return this.avisCheck ? this.avisCheck(tx, dossier) : Promise.resolve(false);
  }
}
