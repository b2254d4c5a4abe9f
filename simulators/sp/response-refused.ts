import type { Response } from 'express';
import type { ValidationResult } from '../../lib/saml/validate/types.ts';
import { errorPage } from '../shared/pages.ts';

/** Answers 403 naming the first check a refused SAML Response failed. */
export function sendResponseRefused(res: Response, title: string, result: ValidationResult): void {
  const failed = result.checks.find((c) => c.status === 'fail');
  res
    .status(403)
    .type('html')
    .send(
      errorPage(
        title,
        failed?.id ?? 'IDP-RESP-SIGNED',
        failed?.detail ?? 'the assertion is not covered by a valid signature',
      ),
    );
}
