/**
 * The IdP simulator's metadata can offer fewer SingleSignOnService bindings than it accepts:
 * `<metadata URL>?ssoBindings=post`. Many SPs (mod_auth_mellon, SimpleSAMLphp) send AuthnRequests
 * by the first binding the IdP metadata offers and have no setting of their own, so this is how a
 * profile gets such an SP to use HTTP-POST.
 */
export const SSO_BINDINGS_PARAM = 'ssoBindings';

export type SsoBinding = 'redirect' | 'post';

const ORDER: readonly SsoBinding[] = ['redirect', 'post'];

export class SsoBindingsError extends Error {}

/** The metadata URL that offers only `bindings`; the plain URL when they are absent. */
export function idpMetadataUrl(metadataUrl: string, bindings?: readonly SsoBinding[]): string {
  if (!bindings) return metadataUrl;
  const u = new URL(metadataUrl);
  u.searchParams.set(SSO_BINDINGS_PARAM, bindings.join(','));
  return u.toString();
}

/** Reads the query value: a comma-separated, non-empty set of redirect and post, in canonical order. */
export function parseSsoBindings(value: unknown): SsoBinding[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string')
    throw new SsoBindingsError(`${SSO_BINDINGS_PARAM} must be given once, e.g. ${SSO_BINDINGS_PARAM}=post`);
  const names = value.split(',').map((s) => s.trim());
  const bad = names.find((n) => !(ORDER as readonly string[]).includes(n));
  if (bad !== undefined) {
    throw new SsoBindingsError(
      `${SSO_BINDINGS_PARAM}: "${bad}" is not a binding; use redirect, post or redirect,post`,
    );
  }
  return ORDER.filter((b) => names.includes(b));
}
