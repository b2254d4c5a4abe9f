import type { Page } from '@playwright/test';
import { checkIds } from '../../../lib/checks/catalog.ts';
import type { TraceEntry } from '../../../lib/trace/types.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import type { Accord } from '../../fixtures/index.ts';
import { checkAuthorizationRequest, pkceProblems } from '../checks/authorization-request-checks.ts';
import { assertedClaims, claimDifferences } from '../checks/claims-echo.ts';
import { type CodeFlow, codeFlowLogin, shortUrl } from '../steps/code-flow-login.ts';
import { op, registration } from '../steps/op.ts';
import {
  authorizationRequest,
  opError,
  tokenRequest,
  tokenResponse,
  userinfoResponse,
  userinfoTokenCarrier,
} from '../steps/op-trace.ts';
import { readClaimsEcho } from '../steps/read-claims-echo.ts';

const CHECKS = checkIds((c) => c.role === 'rp' && c.flow === 'code-flow');

/** RP-SSO-02: the application got every user claim the ID token and userinfo asserted, with its value. */
async function checkClaimsEcho(
  page: Page,
  accord: Accord,
  flow: CodeFlow,
  trace: TraceEntry[],
): Promise<void> {
  const echo = accord.profile.login?.echo;
  if (!echo) {
    await accord.checks.skip(
      'RP-SSO-02',
      'the profile declares no login.echo page to read what the RP handed its application',
    );
    return;
  }
  if (!flow.verdict.signedIn) {
    await accord.checks.inconclusive(
      'RP-SSO-02',
      `cannot compare: the login did not sign in (${flow.verdict.reason})`,
    );
    return;
  }
  const idToken = tokenResponse(trace)?.idToken;
  if (!idToken) throw new Error(`the OP recorded no ID token in flow ${flow.flowId}`);
  const asserted = assertedClaims(idToken.claims, userinfoResponse(trace)?.claims);
  const seen = await readClaimsEcho(page, accord, echo);
  const diffs = claimDifferences(asserted, idToken.claims.sub, seen);
  await accord.checks.record(
    'RP-SSO-02',
    diffs.length === 0,
    diffs.length === 0
      ? `the application got sub ${JSON.stringify(idToken.claims.sub)} and all ${Object.keys(asserted).length} claims with their values (${Object.keys(asserted).join(', ')})`
      : diffs.join('; '),
  );
}

eachProject('rp', () => {
  checkTest(
    'authorization code flow: request, token exchange, userinfo, sign-in',
    { flow: 'code-flow', checks: CHECKS },
    async ({ page, accord }) => {
      const flow = await codeFlowLogin(page, accord);
      const trace = await op(accord).trace({ flowId: flow.flowId });
      const params = authorizationRequest(trace);
      const { checks } = accord;
      if (!params) {
        const why = `the OP received no authentication request in flow ${flow.flowId} (${flow.broke ?? flow.verdict.reason}): check login.start and that the target was given the OP (exchange)`;
        for (const id of CHECKS) await checks.inconclusive(id, why);
        return;
      }
      await checkAuthorizationRequest(accord, params);

      const token = tokenRequest(trace);
      const answer = tokenResponse(trace);
      const pkce = pkceProblems(params, token?.codeVerifier, answer?.status);
      await checks.record(
        'RP-AUTHZ-PKCE',
        pkce.length === 0,
        pkce.length === 0
          ? 'code_challenge_method=S256, and the OP accepted the code_verifier of the token request against it'
          : pkce.join('; '),
      );

      const registered = registration(accord).tokenEndpointAuthMethod;
      if (!token) {
        const why = flow.arrival
          ? `the target made no token request after the authorization response (ended on ${shortUrl(flow.arrival.finalUrl)})`
          : `the flow never reached the redirect URI: ${flow.broke}${opError(trace) ? ` (the OP: ${opError(trace)})` : ''}`;
        await checks.inconclusive('RP-TOKEN-AUTH', why);
      } else {
        await checks.record(
          'RP-TOKEN-AUTH',
          token.clientAuthentication === registered,
          token.clientAuthentication === registered
            ? `the token request authenticated with ${registered}, as registered`
            : `the token request authenticated with ${token.clientAuthentication}, but the client registered ${registered}`,
        );
      }

      if (flow.arrival) await checks.record('RP-SSO-01', flow.verdict.signedIn, flow.verdict.reason);
      else await checks.inconclusive('RP-SSO-01', `the flow never reached the redirect URI: ${flow.broke}`);

      await checkClaimsEcho(page, accord, flow, trace);

      const carrier = userinfoTokenCarrier(trace);
      if (carrier === undefined) {
        await checks.skip('RP-USERINFO-BEARER', `the target did not call userinfo in flow ${flow.flowId}`);
      } else {
        await checks.record(
          'RP-USERINFO-BEARER',
          carrier === 'header',
          carrier === 'header'
            ? 'the userinfo request carried the access token in the Authorization header'
            : `the userinfo request carried the access token in the ${carrier === 'body' ? 'form body' : carrier === 'query' ? 'URL query, where it ends up in logs' : 'nowhere the OP could find'}`,
        );
      }
    },
  );
});
