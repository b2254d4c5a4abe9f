import type { SpContext } from '../context.ts';

/** The URLs the reference SP registers at an OpenID Provider: one of each for every OIDC IdP. */
export function oidcUrls(ctx: SpContext) {
  const b = ctx.urls.base;
  return {
    redirectUri: `${b}/oidc/callback`,
    postLogoutRedirectUri: `${b}/oidc/logged-out`,
    backchannelLogoutUri: `${b}/oidc/backchannel-logout`,
  };
}
