import type { Request, Response } from 'express';
import type { ValidationResult } from '../../../lib/saml/validate/types.ts';
import { escapeHtml, page } from '../../shared/pages.ts';
import { mapAttributes } from '../attribute-mapping.ts';
import type { SpContext } from '../context.ts';
import { sendResponseRefused } from '../response-refused.ts';

/**
 * The end of a "Test SSO setup" sign-in at a SAML IdP: the verdict on the IdP's Response, and
 * nothing else. Seed: "This step works like a dry run and doesn't affect your organization settings
 * until you enable SSO in the next step": no user is provisioned, no session begins, no rule is
 * activated.
 */
export function reportTestSso(
  ctx: SpContext,
  req: Request,
  res: Response,
  result: ValidationResult,
  idp: string,
  url: string,
): void {
  const identity = result.accepted ? result.identity : undefined;
  const email = identity ? (mapAttributes(identity.attributes).uid ?? identity.nameId) : undefined;
  ctx.record(req, {
    direction: 'in',
    from: 'IdP',
    to: 'SP',
    kind: 'Response',
    binding: 'HTTP-POST',
    method: 'POST',
    url,
    decoded: result.xml,
    checks: result.checks,
    info: { test: true, accepted: identity !== undefined, idp, email },
  });
  if (identity) finishTestSso(ctx, res, idp, email ?? '');
  else sendResponseRefused(res, 'Test SSO setup failed', result);
}

/** A Test SSO sign-in the IdP completed, at any kind of IdP: the success page, and no change. */
export function finishTestSso(ctx: SpContext, res: Response, idp: string, email: string): void {
  if (ctx.has('test-sso-activates') && email.includes('@')) activate(ctx, idp, email);
  res
    .status(200)
    .type('html')
    .send(
      page(
        'Test SSO setup succeeded',
        `<h1>Test SSO setup succeeded</h1><div class="ok" id="accord-test-sso" data-result="success"><p>${escapeHtml(idp)} signed in <code>${escapeHtml(email)}</code>. Nothing in the organisation changed.</p></div>`,
      ),
    );
}

/** The test-sso-activates defect: the tested IdP gets an active rule for the tested user's domain. */
function activate(ctx: SpContext, idp: string, email: string): void {
  const rules = ctx.routing.rules();
  const priority = Math.max(0, ...rules.map((r) => r.priority ?? 0)) + 1;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  ctx.routing.replace([
    ...rules,
    { name: `Tested ${idp} ${priority}`, type: 'domain', values: [domain], idp, priority, active: true },
  ]);
}
