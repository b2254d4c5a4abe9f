import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { PeerStore } from '../../../lib/state/peer-store.ts';
import type { StateDb } from '../../../lib/state/state-db.ts';
import type { SpContext } from '../context.ts';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** One user of the built-in identity IdP as the admin API takes it: the password in clear, once. */
export interface IdentityUserInput {
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
  displayName?: string;
  groups?: string[];
}

/** What is kept: the password only as a salted scrypt hash (RFC 7914). */
export interface IdentityUser extends Omit<IdentityUserInput, 'password'> {
  salt: string;
  hash: string;
}

const KEY_LENGTH = 32;
/** Users one organisation's built-in IdP holds here: a test organisation, not a directory; each costs a scrypt hash (tens of ms) when set. */
export const MAX_IDENTITY_USERS = 50;

/** The ajv schema of PUT /__accord/identity-users: `{ users: [...] }`. */
export const IDENTITY_USERS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['users'],
  properties: {
    users: {
      type: 'array',
      maxItems: MAX_IDENTITY_USERS,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['email', 'password'],
        properties: {
          email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$', maxLength: 254 },
          // The sign-in form refuses longer ones (identity-idp.ts).
          password: { type: 'string', minLength: 1, maxLength: 256 },
          firstName: { type: 'string', maxLength: 256 },
          lastName: { type: 'string', maxLength: 256 },
          displayName: { type: 'string', maxLength: 256 },
          groups: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 256 } },
        },
      },
    },
  },
};

/**
 * The built-in identity IdP's users (seed: IdPs are "SAML, OpenID Connect, and Webex Identity"):
 * the organisation's own password sign-in, kept in the state database beside the trusted peers,
 * by email address (compared case-insensitively, as addresses are routed).
 */
export class IdentityUsers {
  private readonly store: PeerStore<IdentityUser>;

  constructor(db: StateDb, orgId: string) {
    this.store = new PeerStore<IdentityUser>(db, `sp:${orgId}:identity-users`, MAX_IDENTITY_USERS);
  }

  /** Replaces every user; each password is hashed with a salt of its own. */
  async replace(input: readonly IdentityUserInput[]): Promise<void> {
    const hashed = await Promise.all(
      input.map(async ({ password, ...user }) => {
        const salt = randomBytes(16);
        const hash = await scryptAsync(password, salt, KEY_LENGTH);
        return { ...user, salt: salt.toString('base64'), hash: hash.toString('base64') };
      }),
    );
    for (const u of this.store.list()) this.store.delete(u.email.toLowerCase());
    for (const u of hashed) this.store.put(u.email.toLowerCase(), u);
  }

  list(): Array<Omit<IdentityUser, 'salt' | 'hash'>> {
    return this.store.list().map(({ salt: _s, hash: _h, ...u }) => u);
  }

  /** The user when the password is theirs; a wrong password and an unknown address look alike. */
  async verify(email: string, password: string): Promise<IdentityUser | undefined> {
    const user = this.store.get(email.toLowerCase());
    // An unknown address costs a hash too, so the answer's timing does not tell who exists.
    const salt = user ? Buffer.from(user.salt, 'base64') : randomBytes(16);
    const hash = await scryptAsync(password, salt, KEY_LENGTH);
    return user && timingSafeEqual(hash, Buffer.from(user.hash, 'base64')) ? user : undefined;
  }
}

const byContext = new WeakMap<SpContext, IdentityUsers>();

/** The built-in identity IdP's users of this SP (one store per simulator). */
export function identityUsers(ctx: SpContext): IdentityUsers {
  let users = byContext.get(ctx);
  if (!users) {
    users = new IdentityUsers(ctx.opts.state, ctx.opts.orgId);
    byContext.set(ctx, users);
  }
  return users;
}
