import type { Response } from 'express';
import { escapeHtml, page } from '../../shared/pages.ts';

/** The administrator's certificates page; its forms post to paths under it. */
export const CERTIFICATES_PAGE = '/certificates';

/** A form field at fault; the message names it. */
export class FormInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FormInputError';
  }
}

/**
 * The page a form of the certificates page answers with: what was done, or why not (`code` is the
 * field at fault or the refusal's stable code, for people and suites alike), and the way back.
 */
export function sendFormAnswer(
  res: Response,
  status: number,
  title: string,
  outcome: { message: string; code?: string },
): void {
  const ok = status < 400;
  const code = outcome.code === undefined ? '' : ` data-code="${escapeHtml(outcome.code)}"`;
  res
    .status(status)
    .type('html')
    .send(
      page(
        title,
        `<h1>${escapeHtml(title)}</h1>
<div class="${ok ? 'ok' : 'error'}" id="${ok ? 'accord-result' : 'accord-error'}"${code}><p>${escapeHtml(outcome.message)}</p></div>
<p><a href="${CERTIFICATES_PAGE}">Back to Service Provider (SP) certificates</a></p>`,
      ),
    );
}
