import { checkIds } from '../../../lib/checks/catalog.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { authorizationRequest, authorize, codeOf, randomToken } from '../steps/authorize.ts';
import { codeFlow } from '../steps/code-flow.ts';
import { opTarget } from '../steps/op-target.ts';
import { exchangeCode, userinfo } from '../steps/token.ts';

const CHECKS = checkIds((c) => c.role === 'op' && c.flow === 'security');

/** A redirect URI no client registered, on a host that cannot resolve (RFC 6761): the browser must never be sent there. */
const UNREGISTERED = 'https://attacker.accord.invalid/callback';

eachProject('op', () => {
  checkTest(
    'a code used twice, a wrong PKCE verifier, an unregistered redirect URI',
    { flow: 'security', checks: CHECKS },
    async ({ accord, page }) => {
      const op = await opTarget(accord);
      const flow = await codeFlow(page, accord);
      if (!flow.code || !flow.accessToken) {
        for (const id of CHECKS)
          await accord.checks.inconclusive(id, `the genuine code flow broke: ${flow.problem}`);
        return;
      }
      if (accord.checks.wants('OP-CODE-REUSE') || accord.checks.wants('OP-CODE-REUSE-REVOKE')) {
        const again = await exchangeCode(op, flow.code, flow.outcome.request.codeVerifier);
        const refused = again.status >= 400 && typeof again.body.access_token !== 'string';
        await accord.checks.record(
          'OP-CODE-REUSE',
          refused,
          refused
            ? `the second exchange was refused (${again.status}: ${again.text})`
            : `the second exchange answered ${again.status} with tokens`,
        );
        const info = await userinfo(op, flow.accessToken, 'get-header');
        await accord.checks.record(
          'OP-CODE-REUSE-REVOKE',
          info.status === 401 || info.status === 400,
          `userinfo with the access token of the reused code answered ${info.status}`,
        );
      }
      if (accord.checks.wants('OP-PKCE-VERIFIER')) {
        const request = authorizationRequest(op);
        const { code, problem } = codeOf(await authorize(page, accord, op, request));
        if (!code) await accord.checks.inconclusive('OP-PKCE-VERIFIER', `no code: ${problem}`);
        else {
          const answer = await exchangeCode(op, code, randomToken());
          const refused = answer.status >= 400 && typeof answer.body.access_token !== 'string';
          await accord.checks.record(
            'OP-PKCE-VERIFIER',
            refused,
            refused
              ? `a code_verifier other than the S256 challenge's was refused (${answer.status}: ${answer.text})`
              : `a code_verifier other than the S256 challenge's got ${answer.status} with tokens`,
          );
        }
      }
      if (accord.checks.wants('OP-REDIRECT-UNREGISTERED')) {
        const request = authorizationRequest(op, { redirect_uri: UNREGISTERED });
        const outcome = await authorize(page, accord, op, request, { redirectUri: UNREGISTERED });
        await accord.checks.record(
          'OP-REDIRECT-UNREGISTERED',
          outcome.response === undefined,
          outcome.response
            ? `the OP sent the browser to the unregistered ${outcome.responseUrl}`
            : `the OP did not send the browser to ${UNREGISTERED} (it stopped at ${outcome.stoppedAt}${outcome.stoppedText ? `: "${outcome.stoppedText.slice(0, 120)}"` : ''})`,
        );
      }
    },
  );
});
