import { randomUUID } from 'node:crypto';
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

/** The identity service's user directory. */
export class UserDirectory {
  private readonly users: SpUser[] = [];

  constructor(
    seed: SeedUser[],
    private readonly now: () => Date,
  ) {
    for (const u of seed) {
      const at = this.now().toISOString();
      this.users.push({
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
    return this.users.find((u) => u.email === uid || u.alternateEmails.includes(uid));
  }

  /** Seed (JIT): "if no active user is found, then Webex Identity creates the user and update the attributes". */
  create(uid: string, p: MappedProfile, idp: string): SpUser {
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
    this.users.push(user);
    return user;
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
    for (const g of p.groupIds) if (!user.groups.includes(g)) user.groups.push(g);
    for (const g of p.groupExternalIds) if (!user.groupExternalIds.includes(g)) user.groupExternalIds.push(g);
    if (JSON.stringify(user) === before) return 'unchanged';
    user.idp = idp;
    user.updatedAt = this.now().toISOString();
    return 'updated';
  }

  first(): SpUser | undefined {
    return this.users[0];
  }

  touch(user: SpUser): void {
    user.lastSignInAt = this.now().toISOString();
  }

  list(): SpUser[] {
    return this.users.map((u) => ({
      ...u,
      alternateEmails: [...u.alternateEmails],
      groups: [...u.groups],
      groupExternalIds: [...u.groupExternalIds],
    }));
  }
}

function composeDisplayName(p: MappedProfile, uid: string): string {
  const name = [p.firstName, p.lastName].filter(Boolean).join(' ').trim();
  return name || uid;
}
