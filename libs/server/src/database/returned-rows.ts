/**
 * The rows of a raw `query()`: TypeORM's PostgreSQL driver answers an UPDATE/DELETE … RETURNING as [rows, affected
 * count] and a SELECT or INSERT … RETURNING as the rows alone. Repositories read both through this one function.
 */
export function returnedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : (result ?? [])) as T[];
}
