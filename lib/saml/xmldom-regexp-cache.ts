import { createRequire } from 'node:module';

/*
 * @xmldom/xmldom 0.9 builds a new Unicode RegExp from the same pattern sources for every end tag it
 * parses (grammar.reg), which is a sixth of the time it takes to parse a SAML Response. `reg` is a
 * pure function of its arguments' sources, and the expressions it returns carry no g or y flag
 * (no lastIndex state), so one instance per distinct source serves every call. If a later xmldom
 * no longer has `reg`, or returns stateful expressions, this changes nothing.
 */

interface Grammar {
  reg?: (...parts: Array<RegExp | string>) => RegExp;
}

const require = createRequire(import.meta.url);
let grammar: Grammar | undefined;
try {
  grammar = require('@xmldom/xmldom/lib/grammar.js') as Grammar;
} catch {
  grammar = undefined;
}

const original = grammar?.reg;
if (grammar && typeof original === 'function' && !(original as { cached?: true }).cached) {
  const cache = new Map<string, RegExp>();
  const cached = function (this: unknown, ...parts: Array<RegExp | string>): RegExp {
    const key = parts.map((p) => (typeof p === 'string' ? p : `/${p.source}/${p.flags}`)).join('\u0000');
    const hit = cache.get(key);
    if (hit) return hit;
    const made = original.apply(this, parts);
    if (!made.global && !made.sticky && cache.size < 1000) cache.set(key, made);
    return made;
  };
  grammar.reg = Object.assign(cached, { cached: true as const });
}
