import type { CheckId } from '../../checks/catalog.ts';
import { ALLOWED_DIGESTS, ALLOWED_SIGNATURES } from '../algorithms.ts';
import type { CheckFn, Problem } from './types.ts';
import { ok, skipped } from './verdict.ts';

export const ID = 'IDP-RESP-ALG' satisfies CheckId;

/** saml2int and the seed's "SHA256 signing": SHA-1 signatures and digests are refused. */
export const checkAlgorithm: CheckFn = (view) => {
  if (view.signatures.length === 0) return skipped('no signature on the Response or its assertion');
  const problems: Problem[] = [];
  const seen: string[] = [];
  for (const v of view.signatures) {
    const what = `${v.parent} ${v.parentId}`;
    seen.push(`${what}: ${v.signatureAlgorithm} / ${v.digestAlgorithm}`);
    if (!ALLOWED_SIGNATURES.has(v.signatureAlgorithm ?? '')) {
      problems.push({
        detail: `${what} SignatureMethod: expected rsa-sha256 (or stronger), got ${v.signatureAlgorithm || '(absent)'}`,
        excusedBy: 'any-algorithm',
      });
    }
    if (!ALLOWED_DIGESTS.has(v.digestAlgorithm ?? '')) {
      problems.push({
        detail: `${what} DigestMethod: expected sha256 (or stronger), got ${v.digestAlgorithm || '(absent)'}`,
        excusedBy: 'any-algorithm',
      });
    }
  }
  return ok(seen.join('; '), problems);
};
