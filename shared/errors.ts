import { z } from 'zod';

/**
 * Errors cross every process and network boundary as plain `{ code, message }` values: never a
 * raw Error, never a stack trace (after VS Code's IPC).
 */
export const ErrorCodeSchema = z.enum([
  'BAD_REQUEST',
  'UNKNOWN_METHOD',
  'FORBIDDEN',
  'NOT_FOUND',
  /** The request clashes with what is stored, e.g. a name another item already has. */
  'CONFLICT',
  'UNAVAILABLE',
  'TIMEOUT',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ApiErrorSchema = z.object({ code: ErrorCodeSchema, message: z.string() });
export type ApiErrorData = z.infer<typeof ApiErrorSchema>;

/** Thrown by API clients and by handlers for expected failures; carries a code the UI can show. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toData(): ApiErrorData {
    return { code: this.code, message: this.message };
  }
}

/** Turns a zod failure into one readable line: `maxPoints: Too big: expected number to be <=100000`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
