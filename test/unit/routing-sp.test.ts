import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { decodeRedirectMessage } from '../../lib/saml/bindings.ts';
import { type RunningSp, startSpSimulator } from '../../simulators/sp/index.ts';
import { CookieBrowser } from '../support/cookie-browser.ts';
import { buildResponse, idpMetadataXml, tempKeystore } from './validate-fixtures.ts';

const ks = tempKeystore();
after(() => ks.dispose());
const A = {
  entityId: 'https://a.example.test/idp',
  ssoUrl: 'https://a.example.test/sso',
  key: ks.keystore.get('idp-a'),
};
const B = {
  entityId: 'https://b.example.test/idp',
  ssoUrl: 'https://b.example.test/sso',
  key: ks.keystore.get('idp-b'),
};

async function start(defects: string[] = []): Promise<RunningSp> {
  const sp = await startSpSimulator({ keystore: ks.keystore, orgId: 'org-routing', defects });
  for (const idp of [A, B]) {
    const res = await fetch(`${sp.url}/__accord/peers`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: idpMetadataXml({ entityId: idp.entityId, certPem: idp.key.certPem, ssoUrl: idp.ssoUrl }),
    });
    assert.equal(res.status, 200);
  }
  return sp;
}

function send(sp: RunningSp, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${sp.url}/__accord/routing${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

const RULES = {
  rules: [
    { name: 'Contoso', type: 'domain', values: ['contoso.test'], idp: A.entityId, priority: 1 },
    { name: 'Default', default: true, idp: 'builtin' },
  ],
};

/** Where email-first sign-in sends the browser, and the AuthnRequest ID when it goes to a SAML IdP. */
async function signIn(sp: RunningSp, b: CookieBrowser, email: string, path = '/signin?email=') {
  const res = await b.get(`${sp.url}${path}${encodeURIComponent(email)}`);
  const location = res.headers.get('location') ?? '';
  const saml = location.startsWith('https://') ? new URL(location).searchParams.get('SAMLRequest') : null;
  const id = saml
    ? new DOMParser()
        .parseFromString(decodeRedirectMessage(saml), 'text/xml')
        .documentElement!.getAttribute('ID')!
    : undefined;
  return { status: res.status, to: location.split('?')[0], id };
}

function response(sp: RunningSp, idp: typeof A, inResponseTo: string, uid: string): string {
  return buildResponse({
    issuer: idp.entityId,
    recipient: sp.info.acsUrl,
    audience: sp.info.entityId,
    now: new Date(),
    key: idp.key,
    inResponseTo,
    attributes: { uid: [uid], firstName: ['Test'], lastName: ['User'] },
  });
}

describe('routing in the reference SP', () => {
  let sp: RunningSp;
  before(async () => {
    sp = await start();
  });
  after(() => sp.close());

  test('before any rule, the Default rule routes to the IdP trusted first', async () => {
    const body = (await (await send(sp, 'GET', '/')).json()) as {
      rules: Array<{ idp: string; default?: boolean }>;
    };
    assert.deepEqual(
      body.rules.map((r) => [r.idp, r.default]),
      [[A.entityId, true]],
    );
  });

  test('the admin API refuses what the life-cycle rules forbid, with a 4xx naming the fault', async () => {
    assert.equal((await send(sp, 'PUT', '/', RULES)).status, 200);
    const refusals: Array<[Response, number, RegExp]> = [
      [await send(sp, 'DELETE', '/rules/Default'), 409, /Default rule can't be deleted/],
      [await send(sp, 'PATCH', '/rules/Default', { active: false }), 409, /can't be deactivated/],
      [
        await fetch(`${sp.url}/__accord/peers?entityId=${encodeURIComponent(A.entityId)}`, {
          method: 'DELETE',
        }),
        409,
        /rules still route to https:\/\/a.example.test\/idp \("Contoso"\)/,
      ],
      [
        await send(sp, 'POST', '/rules', {
          name: 'X',
          type: 'domain',
          values: ['x.test'],
          idp: 'nowhere',
          priority: 2,
        }),
        400,
        /unknown IdP "nowhere"/,
      ],
      [
        await send(sp, 'POST', '/rules', {
          name: 'X',
          type: 'domain',
          values: ['x.test'],
          idp: B.entityId,
          priority: 1,
        }),
        409,
        /priority 1 is already held by rule 0 \("Contoso"\)/,
      ],
      [
        await send(sp, 'PUT', '/', { rules: [RULES.rules[0]] }),
        409,
        /exactly one rule must be the default rule/,
      ],
      [
        await send(sp, 'POST', '/rules', { name: 'X', type: 'domain', idp: B.entityId }),
        400,
        /needs a type, one or more values and a priority/,
      ],
      [await send(sp, 'PATCH', '/rules/Nope', { active: false }), 404, /no routing rule is named "Nope"/],
    ];
    for (const [res, status, message] of refusals) {
      const body = (await res.json()) as { error: string };
      assert.equal(res.status, status, body.error);
      assert.match(body.error, message);
    }
    assert.deepEqual(((await (await send(sp, 'GET', '/')).json()) as typeof RULES).rules.length, 2);
  });

  test('email-first sign-in goes where the rules say; a deactivated rule routes no one; the Default rule is editable', async () => {
    assert.equal((await send(sp, 'PUT', '/', RULES)).status, 200);
    const b = new CookieBrowser();
    assert.equal((await signIn(sp, b, 'b.simon@Contoso.Test')).to, A.ssoUrl);
    assert.equal((await signIn(sp, b, 'x@elsewhere.test')).to, '/identity/login');
    assert.equal((await send(sp, 'PATCH', '/rules/Contoso', { active: false })).status, 200);
    assert.equal((await signIn(sp, b, 'b.simon@contoso.test')).to, '/identity/login');
    assert.equal((await send(sp, 'PATCH', '/rules/Default', { idp: B.entityId })).status, 200);
    assert.equal((await signIn(sp, b, 'b.simon@contoso.test')).to, B.ssoUrl);
    // A deactivated rule no longer keeps its IdP from being deleted: only B's Default rule does.
    const del = await fetch(`${sp.url}/__accord/peers?entityId=${encodeURIComponent(B.entityId)}`, {
      method: 'DELETE',
    });
    assert.equal(del.status, 409);
  });

  test('the admin API adds, reorders, reactivates and deletes rules, and sign-in follows each change', async () => {
    assert.equal((await send(sp, 'PUT', '/', RULES)).status, 200);
    const b = new CookieBrowser();
    // Seed: rules are added, ordered by priority, activated, deactivated and deleted.
    const added = await send(sp, 'POST', '/rules', {
      name: 'Contractors',
      type: 'domain',
      values: ['contoso.test'],
      idp: B.entityId,
      priority: 2,
    });
    assert.equal(added.status, 201, await added.clone().text());
    assert.equal(((await added.json()) as { active: boolean }).active, true);
    assert.equal((await signIn(sp, b, 'pat@contoso.test')).to, A.ssoUrl, 'priority 1 wins');
    assert.equal((await send(sp, 'PATCH', '/rules/Contoso', { priority: 3 })).status, 200);
    assert.equal((await signIn(sp, b, 'pat@contoso.test')).to, B.ssoUrl, 'reordered, priority 2 wins');
    assert.equal((await send(sp, 'PATCH', '/rules/Contractors', { active: false })).status, 200);
    assert.equal((await signIn(sp, b, 'pat@contoso.test')).to, A.ssoUrl, 'the other rule, deactivated');
    assert.equal((await send(sp, 'PATCH', '/rules/Contractors', { active: true })).status, 200);
    assert.equal((await signIn(sp, b, 'pat@contoso.test')).to, B.ssoUrl, 'reactivated');
    const deleted = await send(sp, 'DELETE', '/rules/Contractors');
    assert.ok(deleted.status === 204 || deleted.status === 200, `status ${deleted.status}`);
    assert.equal((await signIn(sp, b, 'pat@contoso.test')).to, A.ssoUrl, 'deleted');
    const names = ((await (await send(sp, 'GET', '/')).json()) as typeof RULES).rules.map((r) => r.name);
    assert.deepEqual(names.sort(), ['Contoso', 'Default']);
  });

  test('the Response must come from the IdP the login was routed to', async () => {
    assert.equal((await send(sp, 'PUT', '/', RULES)).status, 200);
    const b = new CookieBrowser();
    const routed = await signIn(sp, b, 'b.simon@contoso.test');
    assert.equal(routed.to, A.ssoUrl);
    const res = await b.post(`${sp.url}/acs`, {
      SAMLResponse: response(sp, B, routed.id!, 'b.simon@contoso.test'),
    });
    assert.equal(res.status, 403);
    const genuine = await signIn(sp, b, 'b.simon@contoso.test');
    const ok = await b.post(`${sp.url}/acs`, {
      SAMLResponse: response(sp, A, genuine.id!, 'b.simon@contoso.test'),
    });
    assert.equal(ok.status, 303);
  });

  test('Test SSO setup reports success and changes nothing: no rule, no user, no session', async () => {
    assert.equal((await send(sp, 'PUT', '/', RULES)).status, 200);
    const b = new CookieBrowser();
    const tested = await signIn(sp, b, B.entityId, '/test-sso?idp=');
    assert.equal(tested.to, B.ssoUrl);
    const res = await b.post(`${sp.url}/acs`, {
      SAMLResponse: response(sp, B, tested.id!, 'new.user@fabrikam.test'),
    });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /Test SSO setup succeeded/);
    const users = (await (await fetch(`${sp.url}/__accord/users`)).json()) as Array<{ email: string }>;
    assert.ok(!users.some((u) => u.email === 'new.user@fabrikam.test'));
    assert.deepEqual(await (await send(sp, 'GET', '/')).json(), {
      rules: RULES.rules.map((r) => ({ ...r, values: r.values ?? [], active: true })),
    });
    assert.equal((await signIn(sp, b, 'other@fabrikam.test')).to, '/identity/login');
    // No session began: /me refuses the browser.
    assert.equal((await b.get(`${sp.url}/me`)).status, 401);
  });

  test('Test SSO setup reports a failed sign-in with the check that failed, and changes nothing', async () => {
    assert.equal((await send(sp, 'PUT', '/', RULES)).status, 200);
    const rulesBefore = await (await send(sp, 'GET', '/')).json();
    const b = new CookieBrowser();
    const tested = await signIn(sp, b, B.entityId, '/test-sso?idp=');
    assert.equal(tested.to, B.ssoUrl);
    // B's Response, signed with A's key: B's metadata does not hold it.
    const forged = buildResponse({
      issuer: B.entityId,
      recipient: sp.info.acsUrl,
      audience: sp.info.entityId,
      now: new Date(),
      key: A.key,
      inResponseTo: tested.id!,
      attributes: { uid: ['failed.user@fabrikam.test'], firstName: ['Test'], lastName: ['User'] },
    });
    const res = await b.post(`${sp.url}/acs`, { SAMLResponse: forged });
    assert.equal(res.status, 403);
    const text = await res.text();
    assert.match(text, /Test SSO setup failed/);
    assert.doesNotMatch(text, /Test SSO setup succeeded/);
    assert.match(text, /signature/i, 'the page names what failed');
    const users = (await (await fetch(`${sp.url}/__accord/users`)).json()) as Array<{ email: string }>;
    assert.ok(!users.some((u) => u.email === 'failed.user@fabrikam.test'));
    assert.deepEqual(await (await send(sp, 'GET', '/')).json(), rulesBefore);
    assert.equal((await b.get(`${sp.url}/me`)).status, 401);
  });
});

test('before any rule is set, the automatic Default rule keeps the IdP configured first from being deleted', async () => {
  const sp = await start();
  try {
    const del = (idp: typeof A) =>
      fetch(`${sp.url}/__accord/peers?entityId=${encodeURIComponent(idp.entityId)}`, { method: 'DELETE' });
    const refused = await del(A);
    assert.equal(refused.status, 409);
    assert.match(
      ((await refused.json()) as { error: string }).error,
      /rules still route to https:\/\/a\.example\.test\/idp \("Default"\)/,
    );
    // The Default rule's IdP can be changed; then the first IdP can go.
    assert.equal(
      (await send(sp, 'PUT', '/', { rules: [{ name: 'Default', default: true, idp: B.entityId }] })).status,
      200,
    );
    assert.equal((await del(A)).status, 204);
    assert.equal((await del(B)).status, 409, 'B now holds the Default rule');
  } finally {
    await sp.close();
  }
});

describe('routing defects of the reference SP', () => {
  test('routing-response-any-idp signs in a Response from another trusted IdP', async () => {
    const sp = await start(['routing-response-any-idp']);
    try {
      assert.equal((await send(sp, 'PUT', '/', RULES)).status, 200);
      const b = new CookieBrowser();
      const routed = await signIn(sp, b, 'b.simon@contoso.test');
      const res = await b.post(`${sp.url}/acs`, {
        SAMLResponse: response(sp, B, routed.id!, 'b.simon@contoso.test'),
      });
      assert.equal(res.status, 303);
    } finally {
      await sp.close();
    }
  });

  test('test-sso-activates routes the tested domain to the tested IdP afterwards', async () => {
    const sp = await start(['test-sso-activates']);
    try {
      assert.equal((await send(sp, 'PUT', '/', RULES)).status, 200);
      const b = new CookieBrowser();
      const tested = await signIn(sp, b, B.entityId, '/test-sso?idp=');
      await b.post(`${sp.url}/acs`, { SAMLResponse: response(sp, B, tested.id!, 'new.user@fabrikam.test') });
      assert.equal((await signIn(sp, b, 'other@fabrikam.test')).to, B.ssoUrl);
    } finally {
      await sp.close();
    }
  });

  test('routing-offers-every-idp lists every IdP for an unmatched address; routing-no-default refuses it', async () => {
    for (const [defect, status, shows] of [
      ['routing-offers-every-idp', 200, B.entityId],
      ['routing-no-default', 404, 'no routing rule matches'],
    ] as const) {
      const sp = await start([defect]);
      try {
        assert.equal((await send(sp, 'PUT', '/', RULES)).status, 200);
        const res = await new CookieBrowser().get(`${sp.url}/signin?email=x%40elsewhere.test`);
        assert.equal(res.status, status, defect);
        assert.ok((await res.text()).includes(shows), defect);
      } finally {
        await sp.close();
      }
    }
  });
});
