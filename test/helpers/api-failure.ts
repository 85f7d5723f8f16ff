/** Awaits a promise that must reject with an ApiError, and returns that error. */
import { expect } from 'vitest';
import { ApiError } from '../../src/errors.js';

export async function apiFailure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}
