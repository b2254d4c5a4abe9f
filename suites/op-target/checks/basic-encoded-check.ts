import type { Page } from '@playwright/test';
import type { Accord } from '../../fixtures/index.ts';
import { authorizationRequest, authorize, codeOf } from '../steps/authorize.ts';
import type { CodeFlowResult } from '../steps/code-flow.ts';
import { exchangeCode, issued } from '../steps/token.ts';

/**
 * application/x-www-form-urlencoded with every character but letters and digits percent-encoded, as
 * openid-client 6 writes client_secret_basic credentials: a form decoder reads it as it reads the
 * shorter encoding that leaves *-._ as they are (RFC 6749 2.3.1, Appendix B).
 */
export const strictFormEncode = (s: string) =>
  encodeURIComponent(s)
    .replace(/%20/g, '+')
    .replace(/[^A-Za-z0-9%+]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/**
 * OP-TOKEN-AUTH-BASIC-ENCODED: a second code, exchanged with a Basic header whose client id and
 * secret are so encoded. An OP that compares them undecoded refuses a client it registered.
 */
export async function judgeBasicEncoded(accord: Accord, flow: CodeFlowResult, page: Page): Promise<void> {
  const id = 'OP-TOKEN-AUTH-BASIC-ENCODED';
  const { op } = flow;
  const { client } = op;
  const [encId, encSecret] = [strictFormEncode(client.id), strictFormEncode(client.secret)];
  if (encId === client.id && encSecret === client.secret) {
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
  const header = `Basic ${Buffer.from(`${encId}:${encSecret}`).toString('base64')}`;
  const got = issued(await exchangeCode(op, code, request.codeVerifier, client, header));
  await accord.checks.record(
    id,
    got.problem === undefined,
    `client_secret_basic with the id sent as ${encId}: ${got.problem ?? 'tokens issued'}`,
  );
}
