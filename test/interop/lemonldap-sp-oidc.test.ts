import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { startLemonldap } from '../../interop/lemonldap/start-lemonldap.ts';
import { chromiumLaunchOptions } from '../../lib/run/browser.ts';
import { loadTargetProfile } from '../../lib/target/index.ts';
import { startSpSimulator } from '../../simulators/sp/index.ts';
import { peerTest } from './interop-run.ts';

/*
 * LemonLDAP::NG as the OpenID Connect IdP of the reference SP (seed, "Integrate with OpenID Connect
 * IdP"): the administrator's settings (discovery URL, client ID and secret, scopes) through the
 * admin API, then a Demo user signs in through the portal's login form and is created Just In Time
 * from the claims (seed, "Configure Just In Time (JIT) and SAML mapping"), and signs out of both
 * through RP-initiated logout.
 */

const IDP = 'lemonldap';
const CLIENT = {
  confKey: 'referencesp',
  id: 'accord-reference-sp',
  secret: 'accord-reference-sp-secret-0123456789abcdef',
};
/**
 * The portal's pages as the OP profile describes them (login form, Demo user, logout confirmation):
 * one description of LemonLDAP for both tests.
 */
const PROFILE = loadTargetProfile(join(import.meta.dirname, '../../targets/lemonldap-op.yaml'));
/** The Demo user's name and groups (Lemonldap::NG::Portal::UserDB::Demo). */
const DEMO = { name: 'Doctor Who', groups: ['timelords', 'users'] };

const text = (html: string, id: string) =>
  new RegExp(`id="${id}">([^<]*)<`).exec(html)?.[1]?.replace(/&amp;/g, '&');

peerTest(
  'lemonldap',
  'the reference SP signs a LemonLDAP::NG user in, creates them Just In Time, and signs them out of both',
  async () => {
    const sp = await startSpSimulator({ users: [] });
    const lemon = await startLemonldap({
      relyingParties: [
        {
          ...CLIENT,
          redirectUri: `${sp.url}/oidc/callback`,
          postLogoutRedirectUri: `${sp.url}/oidc/logged-out`,
          // The Demo user's groups as a JSON array (LemonLDAP's "attribute;type;array" form).
          extraClaims: { groups: 'groups;string;always' },
        },
      ],
    });
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      const added = await fetch(`${sp.url}/__accord/oidc-idps`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: IDP,
          discoveryUrl: `${lemon.baseUrl}/.well-known/openid-configuration`,
          clientId: CLIENT.id,
          clientSecret: CLIENT.secret,
          scope: 'openid profile email groups',
          // Not client_secret_basic: openid-client form-encodes the id and secret in the Basic
          // header (RFC 6749 2.3.1: "-" as %2D), and LemonLDAP::NG 2.16 compares them undecoded
          // (interop/README.md, "Findings").
          tokenEndpointAuthMethod: 'client_secret_post',
        }),
      });
      assert.equal(added.status, 200, await added.text());

      const form = PROFILE.loginForm;
      const user = Array.isArray(PROFILE.users) ? PROFILE.users[0] : undefined;
      const confirm = PROFILE.op?.logoutConfirm;
      assert.ok(form && user?.email && confirm, `${PROFILE.file}: loginForm, users and op.logoutConfirm`);
      const page = await browser.newPage();
      await page.goto(`${sp.url}/login?idp=${IDP}`);
      await page.locator(form.username).fill(user.username);
      await page.locator(form.password).fill(user.password);
      await page.locator(form.submit).first().click();
      await page.waitForURL(`${sp.url}/me`, { timeout: 15_000 }).catch(() => undefined);
      const html = await page.content();
      assert.equal(
        new URL(page.url()).pathname,
        '/me',
        `the sign-in ended at ${page.url()}:\n${html.slice(0, 2000)}`,
      );
      assert.equal(text(html, 'user-email'), user.email);
      assert.equal(text(html, 'user-display-name'), DEMO.name, 'the name claim is the display name');
      // LemonLDAP lists a user's groups in no fixed order.
      assert.deepEqual(
        text(html, 'user-groups')?.split(', ').sort(),
        DEMO.groups,
        'the groups claim adds the user to its groups',
      );
      assert.equal(text(html, 'user-source'), 'jit', 'the user was created Just In Time');

      // RP-initiated logout: the SP ends its session and sends the browser to the portal's
      // end_session endpoint, which asks first, then returns to the SP's post-logout URI.
      await page.goto(`${sp.url}/logout`);
      await page.locator(confirm).first().click({ timeout: 15_000 });
      await page.waitForURL(`${sp.url}/oidc/logged-out**`, { timeout: 15_000 });
      assert.equal((await page.goto(`${sp.url}/me`))?.status(), 401, 'the SP session ended');
      // The portal's session ended too: a new sign-in shows its login form again.
      await page.goto(`${sp.url}/login?idp=${IDP}`);
      await page.locator(form.username).waitFor({ timeout: 15_000 });
    } finally {
      await browser.close();
      await lemon.stop();
      await sp.close();
    }
  },
);
