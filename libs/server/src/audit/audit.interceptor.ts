import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { concatMap, Observable } from 'rxjs';
import type { AuthUser } from '../common/auth.decorators';
import { auditContext, AuditService, AuditType } from './audit.service';

/**
 * Routes that hand out personal data or files, audited here once they succeed, so that the modules serving them need
 * not know about the audit log. Matched on Express's route pattern (never on the raw URL).
 */
const AUDITED_ROUTES: { pattern: RegExp; type: AuditType; what: string }[] = [
  { pattern: /^\/api\/dossiers\/export$/, type: 'export.personal_data', what: 'dossiers' },
  { pattern: /^\/api\/campaigns\/:id\/phases\/:phase\/selection\/export$/, type: 'export.personal_data', what: 'selection' },
  { pattern: /^\/api\/campaigns\/:id\/phases\/:phase\/selection\/seance\.pdf$/, type: 'export.personal_data', what: 'dossier_de_seance' },
  { pattern: /^\/api\/dossiers\/:id\/summary\.pdf$/, type: 'export.personal_data', what: 'dossier_summary' },
  { pattern: /^\/api\/campaigns\/:id\/phases\/:phase\/laureats\.pdf$/, type: 'export.personal_data', what: 'arrete_annexe' },
  { pattern: /^\/api\/campaigns\/:id\/stats$/, type: 'export.personal_data', what: 'stats' },
  { pattern: /^\/api\/dossiers\/:id\/attachments\/:attachmentId\/file$/, type: 'attachment.downloaded', what: 'attachment' },
];

@Injectable()
export class AuditRoutesInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<Request & { user?: AuthUser; route?: { path?: string } }>();
    const path = typeof req.route?.path === 'string' ? req.route.path : '';
    const hit = req.method === 'GET' ? AUDITED_ROUTES.find((r) => r.pattern.test(path)) : undefined;
    // The stats are personal data only as a file (the JSON is aggregates).
    if (!hit || (hit.what === 'stats' && !req.query?.format)) return next.handle();
    // Recorded before the file leaves (the response is sent once this resolves); a failed handler records nothing.
    return next.handle().pipe(
      concatMap(async (value) => {
        const user = req.user;
        await this.audit.record(auditContext(req), {
          type: hit.type,
          actor: user ? { id: user.id, email: user.email } : null,
          resource: req.originalUrl.slice(0, 500),
          data: { what: hit.what, params: { ...req.params }, format: req.query?.format ?? null },
        });
        return value;
      }),
    );
  }
}
