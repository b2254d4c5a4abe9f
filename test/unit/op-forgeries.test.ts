import assert from 'node:assert/strict';
import { createHash, createPublicKey, type JsonWebKey } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  EmbeddedJWK,
  errors,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { OIDC_FORGERIES, type OidcForgery, type TokenPlan } from '../../lib/admin/oidc-protocol.ts';
import { FORGED, forgeryStage } from '../../lib/oidc/forgery-stages.ts';
import { CookieBrowser } from '../support/cookie-browser.ts';
import {
  authorizationUrl,
  discover,
  rawTokenRequest,
  signIn,
  startTestOp,
  testClient,
} from '../support/op-flow.ts';

const client = testClient('rp-forged');
const op = await startTestOp('generic-oidc', [client]);
const config = await discover(op, client);
const user = op.simulator.context.scenario.users[0];
const jwks = async (): Promise<JSONWebKeySet> =>
  (await fetch(op.info.jwksUri)).json() as Promise<JSONWebKeySet>;

interface Outcome {
  callback: URL;
  state: string;
  nonce: string;
  idToken: string;
  accessToken: string;
  userinfo: Record<string, unknown>;
  /** The ID token the provider signed, as the OP's trace keeps it beside the forged one. */
  genuine?: { header: Record<string, unknown>; claims: JWTPayload };
}

/** One code flow in its own flow id under `plan`: the browser's part, then the client's, raw. */
async function run(flow: string, plan?: TokenPlan): Promise<Outcome> {
  if (plan) await op.admin.planFlow(flow, plan);
  const { url, checks } = await authorizationUrl(config);
  const callback = await signIn(new CookieBrowser(flow), url.href, user);
  const body = await rawTokenRequest(op, client, callback.searchParams.get('code') ?? '', checks.verifier);
  const accessToken = String(body.access_token);
  const userinfo = (await (
    await fetch(op.info.userinfoEndpoint, { headers: { authorization: `Bearer ${accessToken}` } })
  ).json()) as Record<string, unknown>;
  const response = (await op.admin.trace({ flowId: flow })).find((e) => e.kind === 'TokenResponse');
  const genuine = (response?.info as { genuine?: Outcome['genuine'] } | undefined)?.genuine;
  return { callback, ...checks, idToken: String(body.id_token), accessToken, userinfo, genuine };
}

/** The claim names whose values differ. */
function changed(a: JWTPayload, b: JWTPayload): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((n) => JSON.stringify(a[n]) !== JSON.stringify(b[n]))
    .sort();
}

/** Verifies with the OP's published keys at a moment inside the token's own lifetime. */
async function verifyWithJwks(token: string) {
  const iat = (decodeJwt(token).iat as number | undefined) ?? Math.floor(Date.now() / 1000);
  return jwtVerify(token, createLocalJWKSet(await jwks()), { currentDate: new Date((iat + 1) * 1000) });
}

/** A control flow: everything genuine, the baseline the forgeries are compared with. */
const control = await run('control');

function assertGenuineAuthorizationResponse(o: Outcome): void {
  assert.equal(o.callback.searchParams.get('state'), o.state);
  assert.equal(o.callback.searchParams.get('iss'), op.info.issuer);
}

async function assertGenuineIdToken(o: Outcome): Promise<void> {
  const { payload, protectedHeader } = await jwtVerify(o.idToken, createLocalJWKSet(await jwks()), {
    issuer: op.info.issuer,
    audience: client.clientId,
  });
  assert.equal(payload.nonce, o.nonce);
  assert.equal(protectedHeader.kid, (await op.admin.keys()).current);
  // Issue times differ from the control's unless both fell in the same second: left out.
  const differing = changed(payload, decodeJwt(control.idToken)).filter((n) => n !== 'exp' && n !== 'iat');
  assert.deepEqual(differing, ['nonce', ...('sid' in payload ? ['sid'] : [])]);
}

/** Per forgery: what jose sees in the token and which claims differ from the genuine one. */
const ID_TOKEN_CHECKS: Partial<
  Record<OidcForgery, (o: Outcome, forged: JWTPayload) => Promise<void> | void>
> = {
  'id-token-bad-signature': async (o) => {
    await assert.rejects(verifyWithJwks(o.idToken), errors.JWSSignatureVerificationFailed);
  },
  'alg-none': async (o) => {
    assert.deepEqual(decodeProtectedHeader(o.idToken), { alg: 'none' });
    await assert.rejects(verifyWithJwks(o.idToken));
  },
  'hs256-client-secret': async (o) => {
    assert.equal(decodeProtectedHeader(o.idToken).alg, 'HS256');
    await jwtVerify(o.idToken, new TextEncoder().encode(client.clientSecret));
  },
  'hs256-public-key': async (o) => {
    const header = decodeProtectedHeader(o.idToken);
    assert.equal(header.alg, 'HS256');
    // The attacker's secret: the published key the kid names, as PEM.
    const jwk = (await jwks()).keys.find((k) => k.kid === header.kid);
    assert.ok(jwk, 'the kid names a published key');
    const pem = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' })
      .export({ type: 'spki', format: 'pem' })
      .toString();
    await jwtVerify(o.idToken, new TextEncoder().encode(pem));
  },
  'unknown-kid': async (o) => {
    const header = decodeProtectedHeader(o.idToken);
    assert.ok(!(await jwks()).keys.some((k) => k.kid === header.kid), 'a kid the OP never published');
    await jwtVerify(o.idToken, EmbeddedJWK);
    await assert.rejects(verifyWithJwks(o.idToken));
  },
  'rotated-key': async (o) => {
    const { protectedHeader } = await verifyWithJwks(o.idToken);
    const state = await op.admin.keys();
    assert.ok(![state.current, state.next, ...state.retired].includes(protectedHeader.kid ?? ''));
  },
  'wrong-iss': (_o, c) => assert.equal(c.iss, FORGED.issuer),
  'wrong-aud': (_o, c) => assert.equal(c.aud, FORGED.audience),
  'extra-aud-no-azp': (_o, c) => {
    assert.deepEqual(c.aud, [client.clientId, FORGED.untrustedAudience]);
    assert.equal(c.azp, undefined);
  },
  'missing-sub': (_o, c) => assert.equal('sub' in c, false),
  'missing-iat': (_o, c) => assert.equal('iat' in c, false),
  expired: (_o, c) => assert.ok(Number(c.exp) < Date.now() / 1000 - 3000),
  'iat-future': (_o, c) => assert.ok(Number(c.iat) > Date.now() / 1000 + 3000),
  'nonce-mismatch': (o, c) => assert.ok(typeof c.nonce === 'string' && c.nonce !== o.nonce),
  'nonce-missing': (_o, c) => assert.equal('nonce' in c, false),
  'at-hash-wrong': (o, c) => {
    const real = createHash('sha256').update(o.accessToken).digest().subarray(0, 16).toString('base64url');
    assert.ok(typeof c.at_hash === 'string' && c.at_hash !== real);
  },
};

const CHANGED_CLAIMS: Partial<Record<OidcForgery, string[]>> = {
  'wrong-iss': ['iss'],
  'wrong-aud': ['aud'],
  'extra-aud-no-azp': ['aud'],
  'missing-sub': ['sub'],
  'missing-iat': ['iat'],
  expired: ['exp', 'iat'],
  'iat-future': ['exp', 'iat'],
  'nonce-mismatch': ['nonce'],
  'nonce-missing': ['nonce'],
  'at-hash-wrong': ['at_hash'],
};

describe('every forgery of a TokenPlan, through the OP simulator', () => {
  it('the control flow is genuine from end to end', async () => {
    assertGenuineAuthorizationResponse(control);
    await jwtVerify(control.idToken, createLocalJWKSet(await jwks()), {
      issuer: op.info.issuer,
      audience: client.clientId,
    });
    assert.equal(decodeJwt(control.idToken).nonce, control.nonce);
    assert.equal(control.userinfo.sub, decodeJwt(control.idToken).sub);
    assert.equal(control.genuine, undefined, 'nothing forged, nothing recorded as genuine beside it');
  });

  for (const forgery of OIDC_FORGERIES) {
    it(`${forgery} (${forgeryStage(forgery)})`, async () => {
      const o = await run(`forged-${forgery}`, { forge: forgery });
      const stage = forgeryStage(forgery);

      if (stage === 'id-token') {
        assertGenuineAuthorizationResponse(o);
        assert.ok(o.genuine, 'the trace keeps the genuine token beside the forged one');
        const forged = decodeJwt(o.idToken);
        await ID_TOKEN_CHECKS[forgery]?.(o, forged);
        assert.deepEqual(
          changed(forged, o.genuine.claims),
          CHANGED_CLAIMS[forgery] ?? [],
          'only the forged claims differ',
        );
        assert.equal(o.userinfo.sub, o.genuine.claims.sub, 'userinfo stays genuine');
        return;
      }
      await assertGenuineIdToken(o);
      if (forgery === 'state-mismatch') {
        assert.notEqual(o.callback.searchParams.get('state'), o.state);
        assert.equal(o.callback.searchParams.get('iss'), op.info.issuer);
      } else if (forgery === 'iss-param-mixup') {
        assert.equal(o.callback.searchParams.get('iss'), FORGED.issuer);
        assert.equal(o.callback.searchParams.get('state'), o.state);
      } else {
        assertGenuineAuthorizationResponse(o);
      }
      if (forgery === 'userinfo-sub-mismatch') {
        assert.notEqual(o.userinfo.sub, decodeJwt(o.idToken).sub);
        assert.deepEqual(changed(o.userinfo as JWTPayload, control.userinfo as JWTPayload), ['sub']);
      } else {
        assert.deepEqual(o.userinfo, control.userinfo);
      }
    });
  }

  it('a plan binds the codes issued after it: a forgery stored later changes no earlier code', async () => {
    const flow = 'bound-at-issuance';
    const { url, checks } = await authorizationUrl(config);
    const callback = await signIn(new CookieBrowser(flow), url.href, user);
    await op.admin.planFlow(flow, { forge: 'wrong-iss' });
    const body = await rawTokenRequest(op, client, callback.searchParams.get('code') ?? '', checks.verifier);
    assert.equal(decodeJwt(String(body.id_token)).iss, op.info.issuer);
  });

  it('claims: a JIT user the target never saw, genuinely signed: sub in the ID token and userinfo, the rest in userinfo', async () => {
    const o = await run('jit', {
      claims: { sub: 'jit-0001', email: 'new.hire@example.org', given_name: 'New' },
    });
    const { payload } = await jwtVerify(o.idToken, createLocalJWKSet(await jwks()), {
      issuer: op.info.issuer,
      audience: client.clientId,
    });
    assert.equal(payload.sub, 'jit-0001');
    // The standards-only OP keeps the scope claims to userinfo (Core 5.4); sub is in both.
    assert.equal(payload.email, undefined);
    assert.equal(o.userinfo.sub, 'jit-0001');
    assert.equal(o.userinfo.email, 'new.hire@example.org');
    assert.equal(o.userinfo.given_name, 'New');
    assert.equal(o.userinfo.family_name, user.lastName);
  });
});
