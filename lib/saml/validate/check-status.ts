import type { CheckId } from '../../checks/catalog.ts';
import { NS, STATUS } from '../namespaces.ts';
import { firstChild } from '../safe-xml.ts';
import type { CheckFn } from './types.ts';
import { ok } from './verdict.ts';

export const ID = 'IDP-RESP-STATUS' satisfies CheckId;

/** SAML core 3.2.2.2: the top-level StatusCode says whether the IdP authenticated the user. */
export const checkStatus: CheckFn = (view) => {
  const status = firstChild(view.response, NS.samlp, 'Status');
  const code = status ? firstChild(status, NS.samlp, 'StatusCode') : undefined;
  const value = code?.getAttribute('Value') ?? '';
  if (value === STATUS.success) return ok(`StatusCode ${value}`);
  const sub = code ? firstChild(code, NS.samlp, 'StatusCode')?.getAttribute('Value') : undefined;
  const message = status ? firstChild(status, NS.samlp, 'StatusMessage')?.textContent : undefined;
  const got = [value || '(absent)', sub ? `/ ${sub}` : '', message ? `"${message}"` : '']
    .filter(Boolean)
    .join(' ');
  return ok('', [{ detail: `StatusCode: expected ${STATUS.success}, got ${got}` }]);
};
