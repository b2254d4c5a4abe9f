import { declares } from '../../../lib/target/index.ts';
import type { Accord } from '../../fixtures/index.ts';
import type { CodeFlowResult } from '../steps/code-flow.ts';
import { receiveIdToken } from '../steps/id-token.ts';
import { type TokenAnswer, tokenRequest, userinfo } from '../steps/token.ts';
import { judgeRefreshedIdToken } from './refreshed-id-token.ts';

const REFRESH_CHECKS = ['OP-REFRESH', 'OP-REFRESH-ID-TOKEN', 'OP-REFRESH-CLIENT'] as const;

const refreshGrant = (refreshToken: string) => ({ grant_type: 'refresh_token', refresh_token: refreshToken });

/**
 * The refresh token of a genuine code flow, where the profile declares refresh tokens: the grant
 * gives an access token userinfo takes (OP-REFRESH), any ID token it gives keeps the original's
 * identity (OP-REFRESH-ID-TOKEN), and another client of Accord's cannot redeem it (OP-REFRESH-CLIENT).
 * The other client goes last: an OP may rightly revoke a refresh token that another client presented.
 */
export async function judgeRefresh(accord: Accord, flow: CodeFlowResult): Promise<void> {
  const { op } = flow;
  if (!declares(accord.profile, 'opRefreshTokens')) {
    for (const id of REFRESH_CHECKS)
      await accord.checks.skip(
        id,
        'does not apply: the profile does not declare op.capabilities.refreshTokens',
      );
    return;
  }
  const refresh = flow.answer?.body.refresh_token;
  if (typeof refresh !== 'string') {
    await accord.checks.fail('OP-REFRESH', 'the token response of the code flow carries no refresh_token');
    for (const id of REFRESH_CHECKS.slice(1))
      await accord.checks.inconclusive(id, 'the code flow gave no refresh token to judge');
    return;
  }
  const answer = await tokenRequest(op, op.client, refreshGrant(refresh));
  await judgeNewAccessToken(accord, flow, answer);
  await judgeNewIdToken(accord, flow, answer);
  if (answer.status !== 200) {
    // A refusal of the other client would prove nothing when the client it was issued to is refused too.
    await accord.checks.inconclusive(
      'OP-REFRESH-CLIENT',
      `the refresh token is refused to the client it was issued to (${answer.status})`,
    );
    return;
  }
  // A rotated refresh token (RFC 6749 6: the OP MAY issue a new one) is the one still valid.
  const current = typeof answer.body.refresh_token === 'string' ? answer.body.refresh_token : refresh;
  await judgeOtherClient(accord, flow, current);
}

async function judgeNewAccessToken(accord: Accord, flow: CodeFlowResult, answer: TokenAnswer) {
  const token = answer.body.access_token;
  if (answer.status !== 200 || typeof token !== 'string') {
    await accord.checks.fail(
      'OP-REFRESH',
      `the refresh_token grant answered ${answer.status}: ${answer.text}`,
    );
    return;
  }
  const info = await userinfo(flow.op, token, 'get-header');
  await accord.checks.record(
    'OP-REFRESH',
    info.status === 200,
    `the refresh grant gave a new access token; userinfo with it answered ${info.status}${info.status === 200 ? '' : `: ${info.text}`}`,
  );
}

async function judgeNewIdToken(accord: Accord, flow: CodeFlowResult, answer: TokenAnswer) {
  const raw = answer.body.id_token;
  if (answer.status !== 200) {
    await accord.checks.inconclusive(
      'OP-REFRESH-ID-TOKEN',
      `the refresh_token grant answered ${answer.status}`,
    );
    return;
  }
  if (raw === undefined) {
    await accord.checks.skip(
      'OP-REFRESH-ID-TOKEN',
      'does not apply: the refresh response carries no id_token (OIDC Core 12.2 lets it leave one out)',
    );
    return;
  }
  if (typeof raw !== 'string' || !flow.idToken) {
    await accord.checks.fail('OP-REFRESH-ID-TOKEN', `id_token is ${JSON.stringify(raw)}, not a JWT`);
    return;
  }
  let received: Awaited<ReturnType<typeof receiveIdToken>>;
  try {
    received = await receiveIdToken(flow.op, raw);
  } catch (e) {
    await accord.checks.fail(
      'OP-REFRESH-ID-TOKEN',
      `the refreshed id_token does not decode: ${(e as Error).message}`,
    );
    return;
  }
  const judged = judgeRefreshedIdToken(flow.idToken, received);
  await accord.checks.record('OP-REFRESH-ID-TOKEN', judged.ok, judged.detail);
}

/** RFC 6749 6: the refresh token was issued to the basic client; the post client presents it with its own credentials. */
async function judgeOtherClient(accord: Accord, flow: CodeFlowResult, refresh: string) {
  const other = flow.op.postClient;
  if (!other || other.id === flow.op.client.id) {
    await accord.checks.skip(
      'OP-REFRESH-CLIENT',
      'does not apply: op.clients lists no second client (a client_secret_post one) to present the refresh token',
    );
    return;
  }
  const answer = await tokenRequest(flow.op, other, refreshGrant(refresh));
  const redeemed = answer.status === 200 && typeof answer.body.access_token === 'string';
  await accord.checks.record(
    'OP-REFRESH-CLIENT',
    !redeemed,
    redeemed
      ? `client ${other.id} redeemed the refresh token issued to ${flow.op.client.id} and got an access token`
      : `client ${other.id} presenting the refresh token of ${flow.op.client.id} was refused: ${answer.status} ${String(answer.body.error ?? answer.text)}`,
  );
}
