import type { CheckId } from '../../checks/catalog.ts';
import { isEmail } from './email.ts';
import type { CheckFn, Problem } from './types.ts';
import { ok, skipped } from './verdict.ts';
import { attributesOf } from './xml-read.ts';

export const ID = 'IDP-ATTR-UID' satisfies CheckId;

/*
 * Seed (webex-control-hub-sso-integration): "configure the IdP claim to include the uid attribute
 * name with a value that is mapped to the attribute that is chosen in the Directory Connector, or the
 * user attribute that matches the one that is chosen in the Webex identity service" and "The IdP needs
 * to match one of the user's email addresses to the uid when signing in". Here: the attribute is
 * present with one syntactically valid email; matching it to a user (case-sensitively) is the
 * directory's job after validation. Partner SSO's `mail` claim is out of scope.
 */
export const UID_ATTRIBUTE = 'uid';

export const checkUid: CheckFn = (view) => {
  if (!view.assertion) return skipped('no assertion');
  const values = attributesOf(view.assertion).get(UID_ATTRIBUTE);
  if (!values) return ok('', [{ detail: 'attribute uid: expected an email address, got (absent)' }]);
  const problems: Problem[] = [];
  if (values.length !== 1) {
    problems.push({
      detail: `attribute uid: expected exactly one value, got ${values.length} (${values.join(', ')})`,
    });
  }
  const value = values[0];
  if (value !== undefined && !isEmail(value)) {
    problems.push({ detail: `attribute uid: expected an email address, got "${value}"` });
  }
  return ok(`uid ${value}`, problems);
};
