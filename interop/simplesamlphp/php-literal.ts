/** A PHP expression written as is (a constant, a function call). */
export class PhpRaw {
  constructor(readonly code: string) {}
}

export type PhpValue = string | number | boolean | null | PhpRaw | PhpValue[] | { [key: string]: PhpValue };

function str(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Renders a JS value as a PHP literal; single-quoted strings, so nothing in a value is interpolated. */
export function php(value: PhpValue, indent = ''): string {
  if (value === null) return 'null';
  if (value instanceof PhpRaw) return value.code;
  if (typeof value === 'string') return str(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a PHP number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${php(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '[]';
  return `[\n${entries.map(([k, v]) => `${inner}${str(k)} => ${php(v, inner)},`).join('\n')}\n${indent}]`;
}
