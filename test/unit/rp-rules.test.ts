import assert from 'node:assert/strict';
import { createPublicKey } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  createLocalJWKSet,
  decodeJwt,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
  UnsecuredJWT,
} from 'jose';
import { RP_DEFECTS, type RpDefectName } from '../../simulators/rp/defects.ts';
import {
  AUTHORIZATION_RESPONSE_RULES,
  type AuthorizationExpectations,
  type AuthorizationResponse,
} from '../../simulators/rp/rules/authorization-response.ts';
import { DISCOVERY_ISSUER_RULE } from '../../simulators/rp/rules/discovery.ts';
import {
  decodeReceivedJwt,
  type ReceivedJwt,
  type TokenExpectations,
} from '../../simulators/rp/rules/jwt.ts';
import { activeCheck, firstRefusal, type Rule } from '../../simulators/rp/rules/rule.ts';
import { ID_TOKEN_RULES, LOGOUT_TOKEN_RULES } from '../../simulators/rp/rules/tables.ts';
import { USERINFO_SUB_RULE } from '../../simulators/rp/rules/userinfo.ts';

/*
 * Each rule refuses what a forging OP sends, and the seeded defect that weakens it lets exactly
 * that through. Tokens are forged with jose; every verdict is the rule's own, with no server.
 */

const NOW = 1_800_000_000;
const ISSUER = 'https://op.example.test';
const CLIENT = 'rp-client';
const SECRET = 'rp-client-secret-0123456789-0123456789';

const opKey = await generateKeyPair('RS256', { extractable: true });
const attackerKey = await generateKeyPair('RS256', { extractable: true });
const opJwk: JWK = { ...(await exportJWK(opKey.publicKey)), kid: 'op-1', alg: 'RS256', use: 'sig' };
const jwks = { keys: [opJwk] };
const localSet = createLocalJWKSet(jwks);

const expect: TokenExpectations = {
  issuer: ISSUER,
  clientId: CLIENT,
  clientSecret: SECRET,
  now: NOW,
  skewSeconds: 60,
  nonce: 'n-0S6_WzA2Mj',
  keys: { resolve: (h) => localSet(h), published: async () => jwks.keys },
};

const genuineClaims = (): JWTPayload => ({
  iss: ISSUER,
  sub: 'alice',
  aud: CLIENT,
  iat: NOW - 5,
  exp: NOW + 300,
  nonce: 'n-0S6_WzA2Mj',
  sid: 'op-session-1',
});

const received = (raw: string): ReceivedJwt => {
  const jwt = decodeReceivedJwt(raw);
  if ('malformed' in jwt) throw new Error(jwt.malformed);
  return jwt;
};

const signed = async (claims: JWTPayload, key = opKey.privateKey, header: Record<string, unknown> = {}) =>
  received(await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'op-1', ...header }).sign(key));

const withClaims = (change: (c: JWTPayload) => void) => {
  const c = genuineClaims();
  change(c);
  return signed(c);
};

const hmac = async (claims: JWTPayload, secret: string) =>
  received(
    await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'op-1' })
      .sign(new TextEncoder().encode(secret)),
  );

const opPublicPem = createPublicKey({ key: opJwk as never, format: 'jwk' })
  .export({ type: 'spki', format: 'pem' })
  .toString();

/** The rule of the table refusing, or undefined: judged by every rule, so one refusal is named. */
const verdict = async (t: ReceivedJwt, defects: RpDefectName[] = [], rules = ID_TOKEN_RULES) =>
  (await firstRefusal(rules, new Set(defects), t, expect))?.rule;

interface Forgery {
  what: string;
  token: () => Promise<ReceivedJwt>;
  /** The rule the clean RP names. */
  rule: string;
  /** The defect that lets it through. */
  defect: RpDefectName;
}

const ID_TOKEN_FORGERIES: Forgery[] = [
  {
    what: 'a signature by a key the OP never published, under its kid',
    token: () => signed(genuineClaims(), attackerKey.privateKey),
    rule: 'signature',
    defect: 'skip-signature',
  },
  {
    what: 'alg none',
    token: async () => received(new UnsecuredJWT(genuineClaims()).encode()),
    rule: 'signature',
    defect: 'accept-alg-none',
  },
  {
    what: 'HS256 with the client secret',
    token: () => hmac(genuineClaims(), SECRET),
    rule: 'signature',
    defect: 'accept-hs256',
  },
  {
    what: "HS256 with the OP's public key PEM",
    token: () => hmac(genuineClaims(), opPublicPem),
    rule: 'signature',
    defect: 'alg-confusion',
  },
  {
    what: 'HS256 with the PEM without its last line break',
    token: () => hmac(genuineClaims(), opPublicPem.trimEnd()),
    rule: 'signature',
    defect: 'alg-confusion',
  },
  {
    what: 'an unknown kid with the forging key in a jwk header',
    token: async () =>
      signed(genuineClaims(), attackerKey.privateKey, {
        kid: 'attacker',
        jwk: await exportJWK(attackerKey.publicKey),
      }),
    rule: 'signature',
    defect: 'trust-embedded-jwk',
  },
  {
    what: 'another iss',
    token: () => withClaims((c) => Object.assign(c, { iss: 'https://evil.example.test' })),
    rule: 'iss',
    defect: 'skip-iss',
  },
  {
    what: 'another aud',
    token: () => withClaims((c) => Object.assign(c, { aud: 'another-client' })),
    rule: 'aud',
    defect: 'skip-aud',
  },
  {
    what: 'an extra audience without azp',
    token: () => withClaims((c) => Object.assign(c, { aud: [CLIENT, 'another-client'] })),
    rule: 'azp',
    defect: 'accept-extra-aud',
  },
  { what: 'no sub', token: () => withClaims((c) => delete c.sub), rule: 'sub', defect: 'accept-missing-sub' },
  { what: 'no iat', token: () => withClaims((c) => delete c.iat), rule: 'iat', defect: 'accept-missing-iat' },
  {
    what: 'exp five minutes ago',
    token: () => withClaims((c) => Object.assign(c, { iat: NOW - 900, exp: NOW - 300 })),
    rule: 'exp',
    defect: 'skip-exp',
  },
  {
    what: 'iat an hour ahead',
    token: () => withClaims((c) => Object.assign(c, { iat: NOW + 3600, exp: NOW + 7200 })),
    rule: 'iat-window',
    defect: 'skip-iat-window',
  },
  {
    what: 'another nonce',
    token: () => withClaims((c) => Object.assign(c, { nonce: 'another' })),
    rule: 'nonce',
    defect: 'skip-nonce',
  },
  { what: 'no nonce', token: () => withClaims((c) => delete c.nonce), rule: 'nonce', defect: 'skip-nonce' },
  {
    what: 'no nonce',
    token: () => withClaims((c) => delete c.nonce),
    rule: 'nonce',
    defect: 'nonce-optional',
  },
];

describe('ID token rules (OIDC Core 3.1.3.7)', () => {
  it('a genuine token passes every rule', async () => {
    assert.equal(await verdict(await signed(genuineClaims())), undefined);
  });

  for (const f of ID_TOKEN_FORGERIES) {
    it(`${f.what}: refused by "${f.rule}", accepted with ${f.defect}`, async () => {
      const t = await f.token();
      assert.equal(await verdict(t), f.rule);
      assert.equal(await verdict(t, [f.defect]), undefined);
    });
  }

  it('an expired token within the clock skew is accepted, and one just beyond it refused', async () => {
    assert.equal(await verdict(await withClaims((c) => Object.assign(c, { exp: NOW - 59 }))), undefined);
    assert.equal(await verdict(await withClaims((c) => Object.assign(c, { exp: NOW - 61 }))), 'exp');
    assert.equal(await verdict(await withClaims((c) => Object.assign(c, { iat: NOW + 59 }))), undefined);
    assert.equal(await verdict(await withClaims((c) => Object.assign(c, { iat: NOW + 61 }))), 'iat-window');
  });

  it('a weakened signature rule still refuses the attacks it was not weakened for', async () => {
    const none = received(new UnsecuredJWT(genuineClaims()).encode());
    const bySecret = await hmac(genuineClaims(), SECRET);
    const byPem = await hmac(genuineClaims(), opPublicPem);
    const foreign = await signed(genuineClaims(), attackerKey.privateKey);
    assert.equal(await verdict(bySecret, ['accept-alg-none']), 'signature');
    assert.equal(await verdict(none, ['accept-hs256']), 'signature');
    assert.equal(await verdict(byPem, ['accept-hs256']), 'signature');
    assert.equal(await verdict(bySecret, ['alg-confusion']), 'signature');
    assert.equal(await verdict(foreign, ['trust-embedded-jwk']), 'signature');
    assert.equal(await verdict(await signed(genuineClaims()), ['accept-hs256']), undefined);
  });

  it('nonce-optional still refuses another nonce; an azp naming the client admits an extra audience', async () => {
    const other = await withClaims((c) => Object.assign(c, { nonce: 'another' }));
    assert.equal(await verdict(other, ['nonce-optional']), 'nonce');
    const azp = await withClaims((c) => Object.assign(c, { aud: [CLIENT, 'another'], azp: CLIENT }));
    assert.equal(await verdict(azp), undefined);
    const wrongAzp = await withClaims((c) => Object.assign(c, { azp: 'another' }));
    assert.equal(await verdict(wrongAzp), 'azp');
  });

  it('a request without nonce expects none in the token', async () => {
    const t = await withClaims((c) => delete c.nonce);
    assert.equal(
      (await firstRefusal(ID_TOKEN_RULES, new Set(), t, { ...expect, nonce: undefined }))?.rule,
      undefined,
    );
  });
});

describe('logout token rules (Back-Channel Logout 1.0 2.6)', () => {
  const EVENT = { 'http://schemas.openid.net/event/backchannel-logout': {} };
  const logoutClaims = (): JWTPayload => ({
    iss: ISSUER,
    aud: CLIENT,
    iat: NOW,
    exp: NOW + 120,
    jti: 'jti-1',
    sub: 'alice',
    sid: 'op-session-1',
    events: EVENT,
  });
  const logoutToken = (change: (c: JWTPayload) => void = () => {}) => {
    const c = logoutClaims();
    change(c);
    return signed(c, opKey.privateKey, { typ: 'logout+jwt' });
  };
  const logoutVerdict = async (t: ReceivedJwt, defects: RpDefectName[] = []) =>
    verdict(t, defects, LOGOUT_TOKEN_RULES);

  it('a genuine logout token passes; with sid alone or sub alone too', async () => {
    assert.equal(await logoutVerdict(await logoutToken()), undefined);
    assert.equal(await logoutVerdict(await logoutToken((c) => delete c.sub)), undefined);
    assert.equal(await logoutVerdict(await logoutToken((c) => delete c.sid)), undefined);
  });

  it('a nonce is refused by "no-nonce", accepted with bcl-accept-nonce', async () => {
    const t = await logoutToken((c) => Object.assign(c, { nonce: 'n' }));
    assert.equal(await logoutVerdict(t), 'no-nonce');
    assert.equal(await logoutVerdict(t, ['bcl-accept-nonce']), undefined);
  });

  it('no back-channel logout event is refused by "events", accepted with bcl-skip-events', async () => {
    for (const events of [undefined, {}, { 'http://schemas.openid.net/event/backchannel-logout': 'yes' }]) {
      const t = await logoutToken((c) => {
        c.events = events;
      });
      assert.equal(await logoutVerdict(t), 'events', JSON.stringify(events));
      assert.equal(await logoutVerdict(t, ['bcl-skip-events']), undefined);
    }
  });

  it('an ID token is no logout token; neither is one naming no one, nor one a foreign key signed', async () => {
    assert.equal(await logoutVerdict(await signed(genuineClaims())), 'events');
    assert.equal(
      await logoutVerdict(
        await logoutToken((c) => {
          delete c.sub;
          delete c.sid;
        }),
      ),
      'sub-or-sid',
    );
    assert.equal(await logoutVerdict(await signed(logoutClaims(), attackerKey.privateKey)), 'signature');
    assert.equal(await logoutVerdict(await logoutToken((c) => delete c.exp)), 'exp');
  });
});

describe('authorization response rules (OIDC Core 3.1.2.7, RFC 9207)', () => {
  const x: AuthorizationExpectations = {
    issuer: ISSUER,
    issParameterAdvertised: true,
    pending: [{ state: 's-1', nonce: 'n', codeVerifier: 'v', redirectUri: 'https://rp/cb', at: 0 }],
  };
  const judge = async (r: AuthorizationResponse, defects: RpDefectName[] = [], ex = x) =>
    (await firstRefusal(AUTHORIZATION_RESPONSE_RULES, new Set(defects), r, ex))?.rule;

  it('a genuine response passes', async () => {
    assert.equal(await judge({ code: 'c', state: 's-1', iss: ISSUER }), undefined);
  });

  it('another state is refused by "state", accepted with skip-state-check', async () => {
    const r = { code: 'c', state: 'forged', iss: ISSUER };
    assert.equal(await judge(r), 'state');
    assert.equal(await judge(r, ['skip-state-check']), undefined);
    assert.equal(await judge(r, ['skip-state-check'], { ...x, pending: [] }), 'state');
  });

  it('another iss is refused by "iss-parameter", accepted with ignore-iss-param', async () => {
    const r = { code: 'c', state: 's-1', iss: 'https://other-op.example.test' };
    assert.equal(await judge(r), 'iss-parameter');
    assert.equal(await judge(r, ['ignore-iss-param']), undefined);
  });

  it('iss may be absent only where the OP does not advertise it', async () => {
    assert.equal(await judge({ code: 'c', state: 's-1' }), 'iss-parameter');
    assert.equal(
      await judge({ code: 'c', state: 's-1' }, [], { ...x, issParameterAdvertised: false }),
      undefined,
    );
  });

  it('an error response or a missing code signs no one in', async () => {
    assert.equal(await judge({ state: 's-1', iss: ISSUER, error: 'access_denied' }), 'authorization-error');
    assert.equal(await judge({ state: 's-1', iss: ISSUER }), 'code');
  });
});

describe('userinfo and discovery rules', () => {
  it('a userinfo sub other than the ID token sub is refused, accepted with skip-userinfo-sub', async () => {
    const judge = async (ui: Record<string, unknown>, defects: RpDefectName[] = []) =>
      (await firstRefusal([USERINFO_SUB_RULE], new Set(defects), ui, { sub: 'alice' }))?.rule;
    assert.equal(await judge({ sub: 'alice', email: 'a@x' }), undefined);
    assert.equal(await judge({ sub: 'mallory', email: 'm@x' }), 'userinfo-sub');
    assert.equal(await judge({ sub: 'mallory' }, ['skip-userinfo-sub']), undefined);
  });

  it('a discovery document naming another issuer than its URL is refused, accepted with skip-discovery-issuer', async () => {
    const judge = async (discoveryUrl: string, issuer: unknown, defects: RpDefectName[] = []) =>
      (await firstRefusal([DISCOVERY_ISSUER_RULE], new Set(defects), { discoveryUrl, issuer }, undefined))
        ?.rule;
    const wk = '/.well-known/openid-configuration';
    assert.equal(await judge(`${ISSUER}${wk}`, ISSUER), undefined);
    assert.equal(await judge(`${ISSUER}/tenant${wk}`, `${ISSUER}/tenant`), undefined);
    assert.equal(await judge(`${ISSUER}/mismatch${wk}`, ISSUER), 'discovery-issuer');
    assert.equal(await judge(`${ISSUER}${wk}`, 42), 'discovery-issuer');
    assert.equal(await judge(`${ISSUER}/mismatch${wk}`, ISSUER, ['skip-discovery-issuer']), undefined);
  });
});

describe('rule tables and seeded defects', () => {
  // Every rule once (the ID token and logout token tables share some), whatever it judges.
  const allRules = [
    ...new Set([
      ...ID_TOKEN_RULES,
      ...LOGOUT_TOKEN_RULES,
      ...AUTHORIZATION_RESPONSE_RULES,
      USERINFO_SUB_RULE,
      DISCOVERY_ISSUER_RULE,
    ] as unknown as Rule<never, never>[]),
  ];

  it('every defect weakens at most one rule, and every weakening names a seeded defect', () => {
    const known = new Set<string>(RP_DEFECTS.map((d) => d.name));
    for (const rule of allRules)
      for (const d of Object.keys(rule.weakenedBy ?? {})) assert.ok(known.has(d), `${rule.name}: ${d}`);
    for (const d of RP_DEFECTS) {
      const weakened = allRules
        .filter((r) => activeCheck(r, new Set([d.name])) !== r.check)
        .map((r) => r.name);
      assert.ok(weakened.length <= 1, `${d.name} weakens ${weakened.join(', ')}`);
    }
  });

  it('the forgeries above cover every rule-weakening defect of the ID token table', () => {
    const weakening = new Set(ID_TOKEN_RULES.flatMap((r) => Object.keys(r.weakenedBy ?? {})));
    const covered = new Set(ID_TOKEN_FORGERIES.map((f) => f.defect));
    assert.deepEqual(
      [...weakening].filter((d) => !covered.has(d as RpDefectName)),
      [],
    );
  });

  it('names are unique within a table', () => {
    for (const table of [ID_TOKEN_RULES, LOGOUT_TOKEN_RULES, AUTHORIZATION_RESPONSE_RULES]) {
      const names = table.map((r) => r.name);
      assert.equal(new Set(names).size, names.length);
    }
  });

  it('the forged tokens decode as jose decodes them: the claims a rule judges are the claims sent', async () => {
    const t = await withClaims((c) => Object.assign(c, { iss: 'https://evil.example.test' }));
    assert.deepEqual(t.claims, decodeJwt(t.raw));
  });
});
