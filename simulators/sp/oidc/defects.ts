import type { SeededDefect } from '../../../lib/checks/seeded-defect.ts';
import { SP_DEFECTS } from '../defects.ts';

/**
 * The reference SP's seeded JIT defects, as an OIDC relying party sees them: the same defect (one
 * name, one implementation in provision-user.ts and users.ts) breaks provisioning from OIDC claims
 * as it breaks it from SAML attributes, and the RP JIT checks must catch it. The self-test matrix
 * starts the SP as an RP target (targets/reference-sp-oidc.yaml) with each.
 */
export const SP_OIDC_DEFECTS: readonly SeededDefect[] = [
  {
    name: 'jit-drops-names',
    description:
      'creates a user it has never seen from the email alone, dropping the asserted given and family name',
    check: 'RP-JIT-01',
  },
  {
    name: 'jit-no-update',
    description: 'finds a known user at sign-in but never updates what it stored when it created them',
    check: 'RP-JIT-02',
    alsoFails: {
      checks: ['RP-JIT-03'],
      as: 'same-weakness',
      why: 'a group asserted at a later sign-in is an update too, and it is never stored',
    },
  },
  {
    name: 'groups-replaced',
    description:
      "replaces a known user's groups with the asserted ones at sign-in, where JIT only ever adds groups",
    check: 'RP-JIT-03',
  },
];

for (const d of SP_OIDC_DEFECTS)
  if (!SP_DEFECTS.some((s) => s.name === d.name))
    throw new Error(`SP_OIDC_DEFECTS: ${d.name} is no seeded defect of the reference SP`);
