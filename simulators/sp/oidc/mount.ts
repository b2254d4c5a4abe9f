import type { Express } from 'express';
import type { SpContext } from '../context.ts';
import { mountOidcAdmin } from './admin.ts';
import { mountOidcBackchannelLogout } from './backchannel-logout.ts';
import { mountOidcCallback } from './callback.ts';
import { mountOidcClaims } from './claims-page.ts';
import { OidcIdpSettingsError, parseOidcIdpSettings } from './idp-settings.ts';
import { mountOidcLogout } from './logout.ts';
import { oidcIdps } from './oidc-idps.ts';

/**
 * Everything OpenID Connect adds to the reference SP. Mounted before the SAML routes: /logout
 * here ends a session an OIDC IdP signed in and hands any other to the SAML logout.
 */
export function mountOidc(app: Express, ctx: SpContext): void {
  configureAtStart(ctx);
  mountOidcAdmin(app, ctx);
  mountOidcCallback(app, ctx);
  mountOidcClaims(app, ctx);
  mountOidcLogout(app, ctx);
  mountOidcBackchannelLogout(app, ctx);
}

/** The IdPs of the oidcIdps option, stored as the admin API would; a bad one stops the start, named. */
function configureAtStart(ctx: SpContext): void {
  ctx.opts.oidcIdps.forEach((given, i) => {
    try {
      oidcIdps(ctx).put(parseOidcIdpSettings(given));
    } catch (e) {
      if (!(e instanceof OidcIdpSettingsError)) throw e;
      throw new Error(`reference SP: oidcIdps[${i}]: ${e.message}`);
    }
  });
}
