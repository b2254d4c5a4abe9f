import type { Role } from '../protocol/roles.ts';
import { closest } from '../text/closest-match.ts';
import { IDP_CHECKS } from './catalog-idp.ts';
import { OP_CHECKS } from './catalog-op.ts';
import { RP_CHECKS } from './catalog-rp.ts';
import { SP_CHECKS } from './catalog-sp.ts';
import { citeRefs } from './spec-refs.ts';
import type { CheckDef, CheckSpec } from './types.ts';

export type SpCheckId = keyof typeof SP_CHECKS;
export type IdpCheckId = keyof typeof IDP_CHECKS;
export type RpCheckId = keyof typeof RP_CHECKS;
export type OpCheckId = keyof typeof OP_CHECKS;
/** Every check id there is: a misspelt id is a type error, and an id is always written out whole. */
export type CheckId = SpCheckId | IdpCheckId | RpCheckId | OpCheckId;

function defs<Id extends string>(role: Role, table: Record<Id, CheckSpec>): Array<CheckDef<Id>> {
  return (Object.entries(table) as Array<[Id, CheckSpec]>).map(([id, spec]) => ({
    id,
    role,
    ...spec,
    spec: citeRefs(spec.refs),
  }));
}

export const CHECKS: ReadonlyMap<CheckId, CheckDef<CheckId>> = new Map(
  [
    ...defs<SpCheckId>('sp', SP_CHECKS),
    ...defs<IdpCheckId>('idp', IDP_CHECKS),
    ...defs<RpCheckId>('rp', RP_CHECKS),
    ...defs<OpCheckId>('op', OP_CHECKS),
  ].map((c) => [c.id, c]),
);

export function isCheckId(id: string): id is CheckId {
  return CHECKS.has(id as CheckId);
}

export function checkDef(id: CheckId): CheckDef<CheckId> {
  const def = CHECKS.get(id);
  if (!def) throw new Error(`unknown check id ${id}: add it to lib/checks/catalog-*.ts`);
  return def;
}

/** The ids of the checks that match: the catalog's properties replace hand-kept lists of ids. */
export function checkIds(where: (def: CheckDef<CheckId>) => boolean): CheckId[] {
  return [...CHECKS.values()].filter(where).map((c) => c.id);
}

/** An error message for a string that is no check id, with the id it most likely meant. */
export function unknownCheck(id: string): string {
  const guess = closest(id, [...CHECKS.keys()]);
  return `unknown check id "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}`;
}
