import type { CheckId } from '../../checks/catalog.ts';
import { NS } from '../namespaces.ts';
import { childElements } from '../safe-xml.ts';
import type { CheckFn, Problem } from './types.ts';
import { ok, skipped } from './verdict.ts';
import { conditionsOf } from './xml-read.ts';

export const ID = 'IDP-COND-AUDIENCE' satisfies CheckId;

/** SAML core 2.5.1.4: every AudienceRestriction must name this SP; profiles 4.1.4.2 require at least one. */
export const checkAudience: CheckFn = (view, ctx) => {
  if (!view.assertion) return skipped('no assertion');
  const expected = ctx.sp.entityId;
  const conditions = conditionsOf(view.assertion);
  const restrictions = conditions ? childElements(conditions, NS.saml, 'AudienceRestriction') : [];
  if (restrictions.length === 0) {
    return ok('', [
      {
        detail: `AudienceRestriction: expected one naming ${expected}, got none`,
        excusedBy: 'skip-audience',
      },
    ]);
  }
  const problems: Problem[] = [];
  for (const r of restrictions) {
    const audiences = childElements(r, NS.saml, 'Audience').map((a) => a.textContent ?? '');
    if (!audiences.includes(expected)) {
      problems.push({
        detail: `Audience: expected ${expected}, got ${audiences.join(', ') || '(none)'}`,
        excusedBy: 'skip-audience',
      });
    }
  }
  return ok(`Audience ${expected}`, problems);
};
