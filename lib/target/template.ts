/**
 * `{name}` placeholders in profile and scenario strings. `{{` and `}}` stand for literal braces, so a
 * template can still carry JSON or a regex quantifier such as `a{2}` (which is not a name anyway).
 */
const TOKEN = /\{\{|\}\}|\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export class TemplateError extends Error {
  readonly placeholder: string;
  readonly template: string;

  constructor(placeholder: string, template: string, known: readonly string[]) {
    const list = known.length > 0 ? known.map((k) => `{${k}}`).join(', ') : 'none';
    super(`unknown placeholder {${placeholder}} in "${template}" (known: ${list})`);
    this.name = 'TemplateError';
    this.placeholder = placeholder;
    this.template = template;
  }
}

/** Names of the placeholders a template uses, in order of first use. */
export function templatePlaceholders(s: string): string[] {
  const names: string[] = [];
  for (const match of s.matchAll(TOKEN)) {
    const name = match[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * Replaces every `{name}` with `vars[name]`, passed through `encode` when given (for instance
 * `encodeURIComponent` for a query value, or `escapeRegExp` for a regex source).
 * Throws TemplateError naming the first placeholder that `vars` lacks.
 */
export function fillTemplate(
  s: string,
  vars: Record<string, string>,
  encode: (value: string) => string = (v) => v,
): string {
  return s.replace(TOKEN, (token, name: string | undefined) => {
    if (name === undefined) return token[0];
    if (!Object.hasOwn(vars, name)) throw new TemplateError(name, s, Object.keys(vars));
    return encode(vars[name]);
  });
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
