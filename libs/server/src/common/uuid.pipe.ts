import { ParseUUIDPipe } from '@nestjs/common';
import { AppError } from './app-error';

// An id that is not a UUID cannot exist: answer 404 like any unknown resource.
export const uuidPipe = new ParseUUIDPipe({ exceptionFactory: () => AppError.notFound() });
