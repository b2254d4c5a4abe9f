import type { Express } from 'express';
import type { SpContext } from '../context.ts';
import { mountOidcAdmin } from './admin.ts';
import { mountOidcBackchannelLogout } from './backchannel-logout.ts';
import { mountOidcCallback } from './callback.ts';
import { mountOidcLogout } from './logout.ts';

/**
 * Everything OpenID Connect adds to the reference SP. Mounted before the SAML routes: /logout
 * here ends a session an OIDC IdP signed in and hands any other to the SAML logout.
 */
export function mountOidc(app: Express, ctx: SpContext): void {
  mountOidcAdmin(app, ctx);
  mountOidcCallback(app, ctx);
  mountOidcLogout(app, ctx);
  mountOidcBackchannelLogout(app, ctx);
}
