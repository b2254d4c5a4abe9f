import type { Page } from '@playwright/test';
import { basicAuthorization, strictFormEncode } from '../../../lib/oidc/client-secret-basic.ts';
import type { Accord } from '../../fixtures/index.ts';
import { authorizationRequest, authorize, codeOf } from '../steps/authorize.ts';
import type { CodeFlowResult } from '../steps/code-flow.ts';
import { exchangeCode } from '../steps/token.ts';

/**
 * OP-TOKEN-AUTH-BASIC-ENCODED: a second code, exchanged with a Basic header whose client id and
 * secret are strictly form-encoded. An OP that compares them undecoded refuses a client it
 * registered (invalid_client); any other refusal says nothing of the encoding.
 */
export async function judgeBasicEncoded(accord: Accord, flow: CodeFlowResult, page: Page): Promise<void> {
  const id = 'OP-TOKEN-AUTH-BASIC-ENCODED';
  const { op } = flow;
  const { client } = op;
  const encId = strictFormEncode(client.id);
  if (encId === client.id && strictFormEncode(client.secret) === client.secret) {
    await accord.checks.skip(
      id,
      'does not apply: the client id and secret are letters and digits only, which the encoding leaves as they are',
    );
    return;
  }
  // The browser is signed in: the OP gives this code from its session.
  const request = authorizationRequest(op);
  const { code, problem } = codeOf(await authorize(page, accord, op, request));
  if (!code) {
    await accord.checks.inconclusive(id, `no second code: ${problem}`);
    return;
  }
  const header = basicAuthorization(client.id, client.secret, strictFormEncode);
  const answer = await exchangeCode(op, code, request.codeVerifier, client, header);
  const said = `client_secret_basic with the id sent as ${encId}: the token endpoint answered ${answer.status}`;
  if (answer.status === 200) {
    await accord.checks.record(id, true, `${said}, the client authenticated`);
  } else if (answer.status === 401 || answer.body.error === 'invalid_client') {
    await accord.checks.record(id, false, `${said}: ${answer.text}`);
  } else {
    await accord.checks.inconclusive(id, `${said}, not invalid_client: ${answer.text}`);
  }
}
