import { randomUUID } from 'node:crypto';
import type { StateDb } from '../../lib/state/state-db.ts';
import { UserStore } from '../../lib/state/user-store.ts';
import type { MappedProfile } from './attribute-mapping.ts';

export interface SeedUser {
  email: string;
  /** Seed: "Webex supports mapping up to 5 email addresses to the uid". */
  alternateEmails?: string[];
  firstName?: string;
  lastName?: string;
  displayName?: string;
  groups?: string[];
}

export interface SpUser {
  id: string;
  email: string;
  alternateEmails: string[];
  firstName?: string;
  lastName?: string;
  displayName?: string;
  externalId?: string;
  groups: string[];
  groupExternalIds: string[];
  source: 'seed' | 'jit';
  /** The IdP that created or last updated the user. */
  idp?: string;
  createdAt: string;
  updatedAt: string;
  lastSignInAt?: string;
}

export type JitOutcome = 'created' | 'updated' | 'unchanged';

const MAX_ALTERNATES = 5;

/**
 * The identity service's user directory, kept in the state database so that JIT-provisioned users
 * outlive a restart. Seed users are added once: a restart finds them there.
 */
export class UserDirectory {
  private readonly store: UserStore<SpUser>;

  constructor(
    db: StateDb,
    orgId: string,
    seed: SeedUser[],
    private readonly now: () => Date,
  ) {
    this.store = new UserStore<SpUser>(db, `sp:${orgId}`);
    for (const u of seed) {
      const at = this.now().toISOString();
      this.store.insertIfAbsent({
        id: randomUUID(),
        email: u.email,
        alternateEmails: (u.alternateEmails ?? []).slice(0, MAX_ALTERNATES),
        firstName: u.firstName,
        lastName: u.lastName,
        displayName: u.displayName,
        groups: [...(u.groups ?? [])],
        groupExternalIds: [],
        source: 'seed',
        createdAt: at,
        updatedAt: at,
      });
    }
  }

  /**
   * Seed (AD FS troubleshooting, "Federation ID"): "The Federation ID is case-sensitive. If this is
   * your organizational email address, enter it exactly as ADFS sends it, or Cisco Webex cannot find
   * the matching user." So the uid is compared exactly, against the primary and alternate emails.
   */
  findByUid(uid: string): SpUser | undefined {
    return this.store.findByUid(uid);
  }

  /**
   * Seed (JIT): "if no active user is found, then Webex Identity creates the user and update the
   * attributes". When another sign-in created the same user first, that user is returned.
   */
  create(uid: string, p: MappedProfile, idp: string): { user: SpUser; created: boolean } {
    const at = this.now().toISOString();
    const user: SpUser = {
      id: randomUUID(),
      email: uid,
      alternateEmails: [],
      firstName: p.firstName,
      lastName: p.lastName,
      displayName: p.displayName ?? composeDisplayName(p, uid),
      externalId: p.externalId,
      groups: [...p.groupIds],
      groupExternalIds: [...p.groupExternalIds],
      source: 'jit',
      idp,
      createdAt: at,
      updatedAt: at,
    };
    const stored = this.store.insertIfAbsent(user);
    return { user: stored, created: stored.id === user.id };
  }

  /**
   * Seed (JIT): "if a user with email address is found, then Webex Identity updates the user with the
   * attributes mapped in the SAML Assertion". Groups only grow: "a single attribute allows users to
   * associate with multiple group IDs ... considered as an additive change" and "SAML JIT provisioning
   * does not support the removal of users from groups".
   */
  update(user: SpUser, p: MappedProfile, idp: string, o: { replaceGroups?: boolean } = {}): JitOutcome {
    const before = JSON.stringify(user);
    if (p.firstName !== undefined) user.firstName = p.firstName;
    if (p.lastName !== undefined) user.lastName = p.lastName;
    if (p.displayName !== undefined) user.displayName = p.displayName;
    if (p.externalId !== undefined) user.externalId = p.externalId;
    if (o.replaceGroups) user.groups = [...p.groupIds];
    user.groups = [...new Set([...user.groups, ...p.groupIds])];
    user.groupExternalIds = [...new Set([...user.groupExternalIds, ...p.groupExternalIds])];
    if (JSON.stringify(user) === before) return 'unchanged';
    user.idp = idp;
    user.updatedAt = this.now().toISOString();
    this.store.save(user);
    return 'updated';
  }

  first(): SpUser | undefined {
    return this.store.first();
  }

  touch(user: SpUser): void {
    user.lastSignInAt = this.now().toISOString();
    this.store.save(user);
  }

  list(): SpUser[] {
    return this.store.list();
  }
}

function composeDisplayName(p: MappedProfile, uid: string): string {
  const name = [p.firstName, p.lastName].filter(Boolean).join(' ').trim();
  return name || uid;
}
