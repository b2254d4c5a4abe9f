import type { Element } from '@xmldom/xmldom';
import type { CheckId } from '../../checks/catalog.ts';
import { descendants } from '../safe-xml.ts';
import type { CheckFn, Problem } from './types.ts';
import { ok } from './verdict.ts';

export const ID = 'IDP-RESP-XML' satisfies CheckId;

/** SAML core 3.2.2: a samlp:Response, Version 2.0, schema-valid, with unique IDs (the signature lookup relies on them). */
export const checkXml: CheckFn = (view) => {
  const problems: Problem[] = [];
  const root = view.received;
  const version = root.getAttribute('Version');
  if (version !== '2.0') problems.push({ detail: `Version: expected "2.0", got "${version ?? '(absent)'}"` });
  if (!view.schema.valid) {
    const more = view.schema.errors.length > 1 ? ` (and ${view.schema.errors.length - 1} more)` : '';
    problems.push({
      detail: `schema: ${view.schema.errors[0] ?? 'invalid'}${more}`,
      excusedBy: 'naive-signature-lookup',
    });
  }
  const dup = duplicateIds(root);
  if (dup.length > 0) problems.push({ detail: `ID values used more than once: ${dup.join(', ')}` });
  return ok(
    'well-formed samlp:Response, Version 2.0, no DTD, valid against the SAML 2.0 protocol schema',
    problems,
  );
};

function duplicateIds(root: Element): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  // Iterative (descendants keeps its own stack): a walk by recursion overflowed on deep nesting.
  for (const el of [root, ...descendants(root, '*', '*')]) {
    for (const name of ['ID', 'Id', 'id']) {
      if (!el.hasAttribute(name)) continue;
      const v = el.getAttribute(name) ?? '';
      if (seen.has(v)) dup.add(v);
      seen.add(v);
    }
  }
  return [...dup];
}
