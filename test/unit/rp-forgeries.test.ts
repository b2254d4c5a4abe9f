import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT, UnsecuredJWT } from 'jose';
import type { RpDefectName } from '../../simulators/rp/defects.ts';
import {
  configureRp,
  echo,
  type RpWithOp,
  refusedRule,
  signIn,
  startRpWithOp,
} from './rp-fixtures/rp-with-op.ts';
import { type TestOp, USER } from './rp-fixtures/test-op.ts';

/*
 * Through a real code flow (oidc-provider, openid-client, the RP's pages): the OP forges one thing,
 * the clean RP refuses it with an error page naming the rule and signs no one in, and the RP with
 * the defect that weakens that rule signs the browser in. The second half proves the first can fail.
 */

const attacker = await generateKeyPair('RS256', { extractable: true });
const hs256 = (claims: JWTPayload, secret: string) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(secret));

interface Forgery {
  name: string;
  forge(op: TestOp): void;
  rule: string;
  defect: RpDefectName;
  /** Settings other than the genuine discovery URL. */
  settings?: (op: TestOp) => Record<string, string>;
}

const idToken = (change: (c: JWTPayload, op: TestOp) => Promise<string> | string) => (op: TestOp) => {
  op.tamper.idToken = async (claims) => change({ ...claims }, op);
};
const now = () => Math.floor(Date.now() / 1000);

const FORGERIES: Forgery[] = [
  {
    name: 'wrong iss',
    forge: idToken((c, op) => op.sign({ ...c, iss: 'https://evil.example.test' })),
    rule: 'iss',
    defect: 'skip-iss',
  },
  {
    name: 'wrong aud',
    forge: idToken((c, op) => op.sign({ ...c, aud: 'another-client' })),
    rule: 'aud',
    defect: 'skip-aud',
  },
  {
    name: 'extra aud without azp',
    forge: idToken((c, op) => op.sign({ ...c, aud: [c.aud as string, 'another-client'] })),
    rule: 'azp',
    defect: 'accept-extra-aud',
  },
  {
    name: 'missing sub',
    forge: idToken((c, op) => {
      delete c.sub;
      return op.sign(c);
    }),
    rule: 'sub',
    defect: 'accept-missing-sub',
  },
  {
    name: 'missing iat',
    forge: idToken((c, op) => {
      delete c.iat;
      return op.sign(c);
    }),
    rule: 'iat',
    defect: 'accept-missing-iat',
  },
  {
    name: 'expired',
    forge: idToken((c, op) => op.sign({ ...c, iat: now() - 3600, exp: now() - 1800 })),
    rule: 'exp',
    defect: 'skip-exp',
  },
  {
    name: 'iat an hour ahead',
    forge: idToken((c, op) => op.sign({ ...c, iat: now() + 3600, exp: now() + 7200 })),
    rule: 'iat-window',
    defect: 'skip-iat-window',
  },
  {
    name: 'another nonce',
    forge: idToken((c, op) => op.sign({ ...c, nonce: 'not-the-one-sent' })),
    rule: 'nonce',
    defect: 'skip-nonce',
  },
  {
    name: 'no nonce',
    forge: idToken((c, op) => {
      delete c.nonce;
      return op.sign(c);
    }),
    rule: 'nonce',
    defect: 'nonce-optional',
  },
  {
    name: 'signature by a key under the OP kid',
    forge: idToken((c, op) =>
      new SignJWT(c).setProtectedHeader({ alg: 'RS256', kid: op.kid }).sign(attacker.privateKey),
    ),
    rule: 'signature',
    defect: 'skip-signature',
  },
  {
    name: 'alg none',
    forge: idToken((c) => new UnsecuredJWT(c).encode()),
    rule: 'signature',
    defect: 'accept-alg-none',
  },
  {
    name: 'HS256 with the client secret',
    forge: idToken((c, op) => hs256(c, op.clientSecret)),
    rule: 'signature',
    defect: 'accept-hs256',
  },
  {
    name: "HS256 with the OP's public key",
    forge: idToken((c, op) => hs256(c, op.publicPem)),
    rule: 'signature',
    defect: 'alg-confusion',
  },
  {
    name: 'unknown kid, key in the jwk header',
    forge: idToken(async (c) =>
      new SignJWT(c)
        .setProtectedHeader({
          alg: 'RS256',
          kid: 'never-published',
          jwk: await exportJWK(attacker.publicKey),
        })
        .sign(attacker.privateKey),
    ),
    rule: 'signature',
    defect: 'trust-embedded-jwk',
  },
  {
    name: 'another state',
    forge: (op) => {
      op.tamper.authorizationResponse = (q) => q.set('state', 'forged-state');
    },
    rule: 'state',
    defect: 'skip-state-check',
  },
  {
    name: 'iss parameter of another OP (mix-up)',
    forge: (op) => {
      op.tamper.authorizationResponse = (q) => q.set('iss', 'https://other-op.example.test');
    },
    rule: 'iss-parameter',
    defect: 'ignore-iss-param',
  },
  {
    name: 'userinfo sub of someone else',
    forge: (op) => {
      op.tamper.userinfo = (body) => {
        body.sub = 'mallory';
      };
    },
    rule: 'userinfo-sub',
    defect: 'skip-userinfo-sub',
  },
  {
    name: 'discovery issuer other than its URL',
    forge: () => {},
    settings: (op) => ({ discoveryUrl: op.mismatchedDiscoveryUrl }),
    rule: 'discovery-issuer',
    defect: 'skip-discovery-issuer',
  },
];

async function assertRefused(env: RpWithOp, rule: string): Promise<void> {
  const { browser, page } = await signIn(env.rp);
  assert.equal(page.status, 400, `expected an error page, got ${page.status} at ${page.url.href}`);
  assert.equal(refusedRule(page.text), rule);
  const me = await browser.get(`${env.rp.url}/me`);
  assert.equal(me.status, 401, 'the refused browser must not be signed in');
}

async function assertSignedIn(env: RpWithOp): Promise<void> {
  const { browser, page } = await signIn(env.rp);
  assert.equal(
    page.status,
    200,
    `expected /me, got ${page.status}: ${refusedRule(page.text) ?? page.url.href}`,
  );
  assert.equal(page.url.pathname, '/me');
  assert.match(page.text, new RegExp(USER.email));
  const claims = await browser.get(`${env.rp.url}/me/claims`);
  assert.equal(echo(claims.text).claims.email, USER.email);
}

for (const f of FORGERIES) {
  describe(`forgery: ${f.name}`, () => {
    it(`the clean RP refuses it, naming "${f.rule}"`, async () => {
      const env = await startRpWithOp();
      try {
        await assertSignedIn(env); // the same RP and OP, unforged, sign in
        if (f.settings)
          await configureRp(env.rp, {
            clientId: env.op.clientId,
            clientSecret: env.op.clientSecret,
            ...f.settings(env.op),
          });
        f.forge(env.op);
        await assertRefused(env, f.rule);
      } finally {
        await env.close();
      }
    });

    it(`the RP with ${f.defect} signs the browser in`, async () => {
      const env = await startRpWithOp({ defects: [f.defect], settings: f.settings });
      try {
        f.forge(env.op);
        await assertSignedIn(env);
      } finally {
        await env.close();
      }
    });
  });
}

describe('key rotation: the OP signs with a key it published after the RP fetched the JWKS', () => {
  let clean: RpWithOp;
  let frozen: RpWithOp;
  before(async () => {
    clean = await startRpWithOp();
    frozen = await startRpWithOp({ defects: ['no-jwks-refetch'] });
  });
  after(async () => {
    await clean?.close();
    await frozen?.close();
  });

  const rotateThenSignIn = async (env: RpWithOp) => {
    await assertSignedIn(env); // fetches and caches the JWKS
    const signWithNewKey = await env.op.rotate();
    env.op.tamper.idToken = (claims) => signWithNewKey(claims);
  };

  it('the clean RP fetches the JWKS again at once and accepts the new key', async () => {
    await rotateThenSignIn(clean);
    await assertSignedIn(clean);
  });

  it('the RP with no-jwks-refetch refuses it', async () => {
    await rotateThenSignIn(frozen);
    await assertRefused(frozen, 'signature');
  });
});
