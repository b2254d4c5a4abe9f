import type { AssertedIdentity } from '../../lib/saml/validate/types.ts';
import { mapAttributes } from './attribute-mapping.ts';
import type { SpContext } from './context.ts';
import type { JitOutcome, SpUser } from './users.ts';

export type Provisioning =
  | { ok: true; user: SpUser; jit: JitOutcome | 'off' }
  | { ok: false; code: 'uid-unknown' | 'email-missing'; detail: string };

/**
 * The user an accepted assertion signs in: found by uid in the directory, created or updated per the
 * org's JIT settings. Seed ("Edit SAML mapping"): "Create or activate user: if no active user is
 * found, then Webex Identity creates the user ..." and "Update user with SAML attributes: if a user
 * with email address is found, then Webex Identity updates the user with the attributes mapped".
 */
export function provisionUser(
  ctx: SpContext,
  identity: AssertedIdentity,
  idp: string,
  // An OIDC IdP may have JIT settings of its own (seed, "Integrate with OpenID Connect IdP", step 5).
  jitSettings: { create: boolean; update: boolean } = ctx.opts.jit,
): Provisioning {
  const profile = mapAttributes(identity.attributes);
  const email = ctx.opts.emailAttribute;
  const uid = (email === 'uid' ? profile.uid : identity.attributes[email]?.[0]) ?? '';
  if (uid === '')
    return {
      ok: false,
      code: 'email-missing',
      detail: `the assertion carries no ${email} attribute, which holds the user's email address`,
    };
  let found = ctx.users.findByUid(uid);
  if (!found) {
    if (!jitSettings.create) {
      return {
        ok: false,
        code: 'uid-unknown',
        detail: `no user in this organization has the email address "${uid}" (uid is matched case-sensitively) and JIT user creation is off`,
      };
    }
    const kept = ctx.has('jit-drops-names')
      ? { ...profile, firstName: undefined, lastName: undefined, displayName: undefined }
      : profile;
    const { user, created } = ctx.users.create(uid, kept, idp);
    if (created) {
      ctx.users.touch(user);
      return { ok: true, user, jit: 'created' };
    }
    // Another sign-in of the same new user created them a moment ago: this one updates them.
    found = user;
  }
  const jit =
    jitSettings.update && !ctx.has('jit-no-update')
      ? ctx.users.update(found, profile, idp, { replaceGroups: ctx.has('groups-replaced') })
      : 'off';
  ctx.users.touch(found);
  return { ok: true, user: found, jit };
}

/**
 * Whom an accepted sign-in lands on: the provisioned user, or with the wrong-user defect whoever
 * the directory holds first (the organisation's administrator), by SAML or OpenID Connect alike.
 */
export function signedInUser(ctx: SpContext, provisioned: SpUser): SpUser {
  return ctx.has('wrong-user') ? (ctx.users.first() ?? provisioned) : provisioned;
}
