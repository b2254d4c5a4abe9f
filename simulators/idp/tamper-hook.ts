import type { TamperContext, TamperDef } from '../../lib/saml/tamper/types.ts';

export type TamperFn = (signedXml: string, ctx: TamperContext) => string | Promise<string>;

// Resolved at run time: the simulator works, minus tampering, where the catalogue is absent.
const TAMPER_MODULE = new URL('../../lib/saml/tamper/index.ts', import.meta.url).href;

let loaded: Promise<Record<string, unknown> | undefined> | undefined;

function tamperModule(): Promise<Record<string, unknown> | undefined> {
  loaded ??= import(TAMPER_MODULE).then(
    (m) => m as Record<string, unknown>,
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'ERR_MODULE_NOT_FOUND' && e.message.includes('saml/tamper/index.ts')) return undefined;
      throw e;
    },
  );
  return loaded;
}

function isDef(v: unknown): v is TamperDef {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as TamperDef).name === 'string' &&
    typeof (v as TamperDef).apply === 'function'
  );
}

function lookup(value: unknown, name: string): TamperFn | undefined {
  if (isDef(value)) return value.name === name ? (xml, ctx) => value.apply(xml, ctx) : undefined;
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = lookup(v, name);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null && Object.hasOwn(value, name)) {
    const v = (value as Record<string, unknown>)[name];
    if (isDef(v)) return (xml, ctx) => v.apply(xml, ctx);
    if (typeof v === 'function') return v as TamperFn;
  }
  return undefined;
}

/**
 * The mutation named `name` in lib/saml/tamper/index.ts: a TamperDef exported on its own, in a
 * list, or in a record keyed by name.
 */
export async function findTamper(name: string): Promise<TamperFn | undefined> {
  const m = await tamperModule();
  if (!m) return undefined;
  for (const value of Object.values(m)) {
    const found = lookup(value, name);
    if (found) return found;
  }
  return undefined;
}
