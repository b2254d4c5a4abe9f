import type { OpCheckId } from '../../../lib/checks/catalog.ts';
import { declares } from '../../../lib/target/index.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import type { Accord } from '../../fixtures/index.ts';
import { judgeBasicEncoded } from '../checks/basic-encoded-check.ts';
import { judgeIdToken } from '../checks/id-token-checks.ts';
import { judgeRefresh } from '../checks/refresh-checks.ts';
import { flowScope, judgeScopeClaims } from '../checks/scope-claims-check.ts';
import { authorizationRequest, authorize, codeOf } from '../steps/authorize.ts';
import { type CodeFlowResult, codeFlow } from '../steps/code-flow.ts';
import { opDocument } from '../steps/op-target.ts';
import { exchangeCode, issued, type UserinfoAnswer, userinfo } from '../steps/token.ts';

const ID_TOKEN_CHECKS = [
  'OP-IDT-SIGNATURE',
  'OP-IDT-ISS',
  'OP-IDT-SUB',
  'OP-IDT-AUD',
  'OP-IDT-TIMES',
  'OP-IDT-NONCE',
  'OP-IDT-AUTH-TIME',
  'OP-IDT-AT-HASH',
] as const satisfies readonly OpCheckId[];
const USERINFO_CHECKS = [
  'OP-USERINFO-GET',
  'OP-USERINFO-POST',
  'OP-USERINFO-SUB',
  'OP-SCOPE-CLAIMS',
] as const;
const CHECKS: OpCheckId[] = [
  'OP-CODE-01',
  ...ID_TOKEN_CHECKS,
  ...USERINFO_CHECKS,
  'OP-TOKEN-AUTH-BASIC-ENCODED',
  'OP-TOKEN-AUTH-POST',
  'OP-REFRESH',
  'OP-REFRESH-ID-TOKEN',
  'OP-REFRESH-CLIENT',
];

/** OIDF oidcc-max-age-10000: max_age long enough never to force a login, but auth_time becomes REQUIRED. */
const MAX_AGE = '10000';

async function judgeUserinfo(accord: Accord, flow: CodeFlowResult): Promise<void> {
  const { op, accessToken, idToken } = flow;
  if (!accessToken || !idToken) return;
  const okClaims = (a: UserinfoAnswer) => a.status === 200 && a.claims !== undefined;
  const statusOf = (a: UserinfoAnswer) => `${a.status}${a.claims ? '' : `: ${a.text}`}`;
  const get = await userinfo(op, accessToken, 'get-header');
  await accord.checks.record(
    'OP-USERINFO-GET',
    okClaims(get),
    okClaims(get)
      ? `GET with a bearer header: 200, claims ${Object.keys(get.claims ?? {}).join(', ')}`
      : `GET with a bearer header answered ${statusOf(get)}`,
  );
  if (declares(accord.profile, 'opUserinfoPost')) {
    const header = await userinfo(op, accessToken, 'post-header');
    const body = await userinfo(op, accessToken, 'post-body');
    await accord.checks.record(
      'OP-USERINFO-POST',
      okClaims(header) && okClaims(body),
      `POST with a bearer header: ${statusOf(header)}; POST with access_token in the form body: ${statusOf(body)}`,
    );
  } else
    await accord.checks.skip(
      'OP-USERINFO-POST',
      'does not apply: the profile does not declare op.capabilities.userinfoPost',
    );
  if (!okClaims(get)) {
    await accord.checks.inconclusive('OP-USERINFO-SUB', `userinfo by GET gave no claims (${statusOf(get)})`);
    await accord.checks.inconclusive('OP-SCOPE-CLAIMS', `userinfo by GET gave no claims (${statusOf(get)})`);
    return;
  }
  const claims = get.claims ?? {};
  await accord.checks.record(
    'OP-USERINFO-SUB',
    claims.sub === idToken.claims.sub,
    `userinfo sub ${JSON.stringify(claims.sub)}, ID token sub ${JSON.stringify(idToken.claims.sub)}`,
  );
  const wanted = accord.profile.op?.scopeClaims;
  if (!wanted || Object.keys(wanted).length === 0) {
    await accord.checks.skip('OP-SCOPE-CLAIMS', 'the profile lists no op.scopeClaims to expect');
    return;
  }
  const scopesSupported = op.discovery.scopes_supported;
  const verdict = judgeScopeClaims({ wanted, claims, user: op.user, scopesSupported });
  if (verdict.ok === undefined) await accord.checks.skip('OP-SCOPE-CLAIMS', verdict.detail);
  else await accord.checks.record('OP-SCOPE-CLAIMS', verdict.ok, verdict.detail);
}

/** OP-TOKEN-AUTH-POST: a code for the client_secret_post client, exchanged with the secret in the form body. */
async function judgeSecretPost(accord: Accord, flow: CodeFlowResult, page: Parameters<typeof codeFlow>[0]) {
  const { op } = flow;
  if (!op.postClient) {
    await accord.checks.skip(
      'OP-TOKEN-AUTH-POST',
      'does not apply: op.clients lists no client_secret_post client',
    );
    return;
  }
  const request = authorizationRequest(op, { client_id: op.postClient.id });
  const outcome = await authorize(page, accord, op, request);
  const { code, problem } = codeOf(outcome);
  if (!code) {
    await accord.checks.inconclusive(
      'OP-TOKEN-AUTH-POST',
      `no code for client ${op.postClient.id}: ${problem}`,
    );
    return;
  }
  const answer = await exchangeCode(op, code, request.codeVerifier, op.postClient);
  const got = issued(answer);
  await accord.checks.record(
    'OP-TOKEN-AUTH-POST',
    got.problem === undefined,
    got.problem ?? `client ${op.postClient.id} authenticated with client_secret_post and got tokens`,
  );
}

eachProject('op', () => {
  checkTest(
    'authorization code flow: PKCE S256, client_secret_basic, ID token, userinfo',
    { flow: 'code-flow', checks: CHECKS },
    async ({ accord, page }) => {
      const base = accord.profile.op?.scope ?? 'openid profile email';
      const { discovery } = await opDocument(accord);
      const scope = flowScope(base, accord.profile.op?.scopeClaims ?? {}, discovery.scopes_supported);
      const flow = await codeFlow(page, accord, { scope, max_age: MAX_AGE });
      if (!flow.idToken || !flow.accessToken) {
        await accord.checks.fail('OP-CODE-01', flow.problem ?? 'the flow broke');
        const rest = CHECKS.filter((c) => c !== 'OP-CODE-01');
        for (const id of rest) await accord.checks.inconclusive(id, `the code flow broke: ${flow.problem}`);
        return;
      }
      await accord.checks.pass(
        'OP-CODE-01',
        `code at the redirect URI with the state sent, exchanged with client_secret_basic and the PKCE verifier for an ID token and a Bearer access token`,
      );
      const judged = judgeIdToken({
        token: flow.idToken,
        issuer: flow.op.descriptor.issuer,
        clientId: flow.op.client.id,
        nonce: flow.outcome.request.nonce,
        accessToken: flow.accessToken,
        maxAgeSent: true,
        clockSkewSeconds: accord.profile.clockSkewSeconds ?? 60,
      });
      for (const id of ID_TOKEN_CHECKS) await accord.checks.record(id, judged[id].ok, judged[id].detail);
      await judgeBasicEncoded(accord, flow, page);
      await judgeUserinfo(accord, flow);
      await judgeRefresh(accord, flow);
      await judgeSecretPost(accord, flow, page);
    },
  );
});
