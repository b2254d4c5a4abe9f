import type { Request, Response } from 'express';
import { autoPostForm } from '../../lib/saml/bindings.ts';
import type { ScenarioUser } from '../../lib/scenario/types.ts';
import type { IdpContext } from './context.ts';
import { EncryptionRefused } from './encrypt-for-sp.ts';
import { fail } from './fail.ts';
import {
  buildOutgoingResponse,
  type OutgoingResponse,
  type ResponseStatus,
  type ResponseTarget,
  TamperFailure,
} from './response-for-user.ts';
import { NoSuchKey } from './rollover.ts';
import type { IdpSession } from './session.ts';

/** Posts the Response to the ACS through the browser (HTTP-POST binding, SAML bindings 3.5). */
export async function sendSamlResponse(
  ctx: IdpContext,
  req: Request,
  res: Response,
  session: IdpSession,
  target: ResponseTarget,
  user: ScenarioUser | undefined,
  status?: ResponseStatus,
): Promise<void> {
  let out: OutgoingResponse;
  try {
    out = await buildOutgoingResponse(ctx, session, target, user, status);
  } catch (e) {
    if (e instanceof EncryptionRefused) {
      return fail(ctx, req, res, {
        status: 409,
        check: 'encryption',
        title: 'Cannot encrypt',
        detail: e.message,
      });
    }
    if (e instanceof NoSuchKey) {
      return fail(ctx, req, res, {
        status: 409,
        check: 'signingKey',
        title: 'No such key',
        detail: e.message,
      });
    }
    if (!(e instanceof TamperFailure)) throw e;
    return fail(ctx, req, res, {
      status: 409,
      check: 'tamper',
      title: 'Tamper not applicable',
      detail: e.message,
    });
  }
  res
    .status(200)
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(
      autoPostForm(target.acsUrl, { SAMLResponse: out.samlResponse, RelayState: out.relayState }, 'Continue'),
    );
}
