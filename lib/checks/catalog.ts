import { IDP_CHECKS } from './catalog-idp.ts';
import { SP_CHECKS } from './catalog-sp.ts';
import type { CheckDef } from './types.ts';

export const CHECKS: ReadonlyMap<string, CheckDef> = new Map(
  [...SP_CHECKS, ...IDP_CHECKS].map((c) => [c.id, c]),
);

export function checkDef(id: string): CheckDef {
  const def = CHECKS.get(id);
  if (!def) throw new Error(`unknown check id ${id}: add it to lib/checks/catalog-*.ts`);
  return def;
}
