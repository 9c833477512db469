import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, retry, throwError, timer } from 'rxjs';
import { isDbConnectionError } from './db-errors';

/**
 * A read (GET/HEAD) whose database connection was cut is run once more on a fresh connection: it changes nothing, so
 * running it twice is harmless. Writes are never retried here (the client gets a 503 and decides).
 */
@Injectable()
export class RetryReadsInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const method = ctx.getType() === 'http' ? ctx.switchToHttp().getRequest<{ method?: string }>().method : undefined;
    if (method !== 'GET' && method !== 'HEAD') return next.handle();
    return next.handle().pipe(retry({ count: 1, delay: (err) => (isDbConnectionError(err) ? timer(200) : throwError(() => err)) }));
  }
}
