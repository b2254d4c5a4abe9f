/**
 * The two protocols Accord speaks and the two roles each has. Every other module names a role
 * through these types, so adding a protocol is one entry here and one adapter, not a hunt for
 * `'sp' | 'idp'` literals.
 */
export const PROTOCOL_ROLES = {
  saml2: ['sp', 'idp'],
  oidc: ['rp', 'op'],
} as const;

export type Protocol = keyof typeof PROTOCOL_ROLES;
export type RoleOf<P extends Protocol> = (typeof PROTOCOL_ROLES)[P][number];
export type Role = RoleOf<Protocol>;
export type SamlRole = RoleOf<'saml2'>;

export const PROTOCOLS = Object.keys(PROTOCOL_ROLES) as Protocol[];

/** The role that signs users in (IdP, OP) and the one that relies on it (SP, RP). */
const ASSERTING: Record<Role, boolean> = { sp: false, idp: true, rp: false, op: true };

/** The other side of an agreement: the role the counterpart simulator plays against a target. */
export function counterpartOf<R extends Role>(role: R): CounterpartOf<R> {
  const roles = PROTOCOL_ROLES[protocolOf(role)] as readonly Role[];
  return roles.find((r) => r !== role) as CounterpartOf<R>;
}

export type CounterpartOf<R extends Role> = R extends 'sp'
  ? 'idp'
  : R extends 'idp'
    ? 'sp'
    : R extends 'rp'
      ? 'op'
      : 'rp';

export function protocolOf(role: Role): Protocol {
  for (const p of PROTOCOLS) if ((PROTOCOL_ROLES[p] as readonly Role[]).includes(role)) return p;
  throw new Error(`unknown role "${role}"`);
}

/** Whether a role asserts identities (IdP, OP) rather than relying on them (SP, RP). */
export function isAsserting(role: Role): boolean {
  return ASSERTING[role];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && value in ASSERTING;
}

/** `role` as a role of `protocol`; throws when it belongs to another protocol. */
export function roleIn<P extends Protocol>(protocol: P, role: Role): RoleOf<P> {
  if (!(PROTOCOL_ROLES[protocol] as readonly Role[]).includes(role)) {
    throw new Error(`role "${role}" is not a role of ${protocol} (${PROTOCOL_ROLES[protocol].join(', ')})`);
  }
  return role as RoleOf<P>;
}
