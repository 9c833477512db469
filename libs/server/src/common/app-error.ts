// The one error type the services throw: a stable machine code, a French message fit to show, an HTTP status.
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
  }

  static notFound(message = 'Ressource introuvable.'): AppError {
    return new AppError(404, 'NOT_FOUND', message);
  }
  static forbidden(message = 'Vous n’avez pas les droits nécessaires pour cette action.'): AppError {
    return new AppError(403, 'FORBIDDEN', message);
  }
  static validation(details: Record<string, string>, message = 'Certaines données sont invalides.'): AppError {
    return new AppError(400, 'VALIDATION_FAILED', message, details);
  }
  static conflict(code: string, message: string, details?: unknown): AppError {
    return new AppError(409, code, message, details);
  }
}
