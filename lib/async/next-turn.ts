import { setImmediate } from 'node:timers/promises';

/**
 * Lets the event loop serve other requests between the expensive steps of one message, so that
 * no single message holds it for the sum of them. (An await on a settled promise would not: it
 * resumes before any I/O is looked at.)
 */
export function nextTurn(): Promise<void> {
  return setImmediate();
}
