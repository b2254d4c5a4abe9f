import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/*
 * DESIGN.md: imports run one way, `cli → simulators → lib` and `suites → lib`. Suites drive the
 * simulators through their HTTP admin API, never by import, so the same suites run against
 * simulators started anywhere; lib imports nothing of the project above it.
 */
const FORBIDDEN: Record<string, readonly string[]> = {
  lib: ['simulators', 'suites', 'cli', 'reports', 'interop', 'bench', 'test'],
  suites: ['simulators', 'cli'],
  simulators: ['suites', 'cli'],
};

const REPO = fileURLToPath(new URL('../../', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith('.') || e.name === 'node_modules') return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return e.isFile() && e.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Every module specifier a file names: `import … from`, `import '…'`, `export … from`,
 * `import x = require('…')`, and `import('…')` with a literal, in code or in a type.
 */
function importSpecifiers(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const literal = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node)) found.push(node.text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) literal(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      literal(node.moduleReference.expression);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
      literal(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) literal(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The top-level folder of the project a relative specifier lands in; undefined for packages. */
function layerOf(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = relative(REPO, resolve(dirname(fromFile), specifier));
  return target.startsWith('..') ? undefined : target.split(sep)[0];
}

function violations(): string[] {
  const out: string[] = [];
  for (const [layer, forbidden] of Object.entries(FORBIDDEN)) {
    for (const file of tsFiles(join(REPO, layer))) {
      const name = relative(REPO, file).split(sep).join('/');
      for (const specifier of importSpecifiers(file, readFileSync(file, 'utf8'))) {
        const into = layerOf(file, specifier);
        if (into === undefined || !forbidden.includes(into)) continue;
        out.push(`${name} imports '${specifier}': ${layer}/ may not import from ${into}/`);
      }
    }
  }
  return out;
}

describe('layering', () => {
  it('sees every kind of import', () => {
    const text = `
      import a from './a.ts';
      import type { B } from './b.ts';
      import './c.ts';
      export { d } from './d.ts';
      export * from './e.ts';
      import f = require('./f');
      const g = await import('./g.ts');
      type H = import('./h.ts').H;
      const notLiteral = await import(name);
      // import nothing from './comment.ts'
      const s = "import x from './string.ts'";
    `;
    assert.deepEqual(importSpecifiers('sample.ts', text), [
      './a.ts',
      './b.ts',
      './c.ts',
      './d.ts',
      './e.ts',
      './f',
      './g.ts',
      './h.ts',
    ]);
  });

  it('finds the layers it guards', () => {
    for (const layer of Object.keys(FORBIDDEN)) {
      assert.ok(tsFiles(join(REPO, layer)).length > 0, `${layer}/ has .ts files`);
    }
  });

  it('lib imports nothing above it; suites and simulators do not import each other or the cli', () => {
    const found = violations();
    assert.deepEqual(found, [], `imports against the layering (DESIGN.md, "Layout"):\n${found.join('\n')}`);
  });
});
