import { QueryFailedError } from 'typeorm';
import { toErrorBody } from './http-exception.filter';

function pgError(code: string, message = 'pg says no'): QueryFailedError {
  const driverError = Object.assign(new Error(message), { code });
  return new QueryFailedError('INSERT INTO secret_table VALUES ($1)', ['x'], driverError);
}

describe('the database refusals mapped once in the global filter (issue 9)', () => {
  it.each([
    ['23505', 409, 'ALREADY_EXISTS'],
    ['23503', 409, 'REFERENCE_CONFLICT'],
    ['23514', 400, 'VALIDATION_FAILED'],
    ['23502', 400, 'VALIDATION_FAILED'],
    ['22001', 400, 'VALIDATION_FAILED'],
    ['22P02', 400, 'VALIDATION_FAILED'],
    ['40001', 409, 'CONCURRENT_UPDATE'],
  ])('SQLSTATE %s → %i %s, in French, without SQL', (sqlstate, status, code) => {
    const body = toErrorBody(pgError(sqlstate), 'req-1');
    expect(body).toMatchObject({ statusCode: status, code, requestId: 'req-1' });
    expect(body.message).toMatch(/[éèàêç’]|Cet|Une|Un /);
    expect(JSON.stringify(body)).not.toMatch(/secret_table|INSERT/);
  });

  it('a cut connection is a 503, anything else unknown a 500 with a reference only', () => {
    expect(toErrorBody(pgError('57P01', 'terminating connection due to administrator command'))).toMatchObject({
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
    });
    const body = toErrorBody(new Error('boom at /srv/app.js:1'), 'req-2');
    expect(body).toMatchObject({ statusCode: 500, code: 'INTERNAL_ERROR' });
    expect(body.message).not.toMatch(/boom|\.js/);
  });
});
