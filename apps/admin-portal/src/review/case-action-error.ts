import { ApiError } from '../api/problem';

/** A case another reviewer moved meanwhile (the request named the stage seen): reload, don't retry blindly. */
export function isCaseMoved(e: unknown): boolean {
  return e instanceof ApiError && e.code === 'REVIEW.CASE_MOVED';
}

export { errorText } from '../api/problem';
