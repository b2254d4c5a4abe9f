import type { CheckId } from '../../checks/catalog.ts';
import type { CheckFn } from './types.ts';
import { ok, skipped } from './verdict.ts';

export const ID = 'IDP-RESP-SIGNED' satisfies CheckId;

/** SAML profiles 4.1.3.5 and the seed's "SAML assertion must be signed": by a certificate from the IdP metadata. */
export const checkSigned: CheckFn = (view) => {
  const { trust } = view;
  if (trust.by === 'none' && view.signatures.length === 0 && view.assertionCount === 0) {
    return skipped('the Response carries no assertion and no signature: nothing to judge');
  }
  const what =
    trust.by === 'response' ? 'Response signed' : trust.by === 'assertion' ? 'assertion signed' : 'unsigned';
  return ok(`${what}: ${trust.notes.join('; ')}`, trust.problems);
};
