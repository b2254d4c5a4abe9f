import * as oidc from 'openid-client';
import type { RpDefectName } from './defects.ts';
import type { ExchangeCapture } from './exchange-capture.ts';
import type { LibraryView } from './library-view.ts';
import { openIdClientRefusal } from './openid-client-refusal.ts';
import { firstRefusal, RuleRefusal } from './rules/rule.ts';
import { USERINFO_SUB_RULE } from './rules/userinfo.ts';

/**
 * The userinfo-token-in-body defect: POST with the access token as a form parameter (RFC 6750
 * 2.2), which the OP may accept, but which OIDC Core 5.3.1 and RFC 6750 2.1 advise against.
 */
async function postTokenInBody(endpoint: string, accessToken: string): Promise<Record<string, unknown>> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ access_token: accessToken }),
    signal: AbortSignal.timeout(10_000),
  });
  const body: unknown = await response.json().catch(() => undefined);
  if (response.status !== 200 || body === null || typeof body !== 'object' || Array.isArray(body))
    throw new RuleRefusal(
      'userinfo',
      `the userinfo endpoint answered ${response.status} without a JSON object`,
    );
  return body as Record<string, unknown>;
}

/**
 * The userinfo claims of the signed-in subject (OIDC Core 5.3), or undefined when the OP has no
 * userinfo endpoint. The access token goes in the Authorization header.
 */
export async function userinfoClaims(args: {
  config: oidc.Configuration;
  accessToken: string;
  sub: string | undefined;
  defects: ReadonlySet<RpDefectName>;
  view: LibraryView;
  capture: ExchangeCapture;
}): Promise<Record<string, unknown> | undefined> {
  const endpoint = args.config.serverMetadata().userinfo_endpoint;
  if (!endpoint) return undefined;
  let claims: Record<string, unknown>;
  if (args.defects.has('userinfo-token-in-body')) {
    claims = await postTokenInBody(endpoint, args.accessToken);
  } else {
    try {
      claims = await oidc.fetchUserInfo(args.config, args.accessToken, args.view.userinfoSubject(args.sub));
    } catch (e) {
      const named =
        args.capture.userinfo &&
        (await firstRefusal([USERINFO_SUB_RULE], args.defects, args.capture.userinfo, { sub: args.sub }));
      throw named ? new RuleRefusal(named.rule, named.reason) : openIdClientRefusal('userinfo', e);
    }
  }
  const refusal = await firstRefusal([USERINFO_SUB_RULE], args.defects, claims, { sub: args.sub });
  if (refusal) throw new RuleRefusal(refusal.rule, refusal.reason);
  return claims;
}
