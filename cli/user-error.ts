/**
 * Errors a user causes (a bad flag, an unreachable target, a malformed file) are reported as one
 * line naming what to fix; a stack trace or code frame of Accord's own source says nothing to them.
 */

/** The same message with no stack, so Playwright prints no code frame and records no source file. */
export function withoutStack(e: unknown): Error {
  const message = e instanceof Error ? e.message : String(e);
  const plain = new Error(message);
  plain.stack = `Error: ${message}`;
  return plain;
}

/**
 * One line for the terminal. node:util's parseArgs explains how to pass a positional that starts
 * with '-' after every unknown flag; the flag's name is what the user needs.
 */
export function userErrorLine(e: unknown): string {
  const err = e as { code?: string; message?: string };
  const message = String(err?.message ?? e);
  if (err?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1];
    return flag ? `unknown flag ${flag} (accord --help lists them)` : message.split('. ')[0];
  }
  if (
    err?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' ||
    err?.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
  )
    return message.split('. ')[0];
  return message;
}
