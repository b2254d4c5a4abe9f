import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { closest } from '../text/closest-match.ts';
import { byPosition, escapePointerSegment, type InputIssue } from './input-error.ts';
import type { YamlSource } from './yaml-source.ts';

export function readSchema(schemaUrl: URL): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaUrl, 'utf8')) as Record<string, unknown>;
}

/** A validator that reports every error, with the data and schema that `schemaIssues` words them from. */
export function compileSchema(schema: object): ValidateFunction {
  return new Ajv({ allErrors: true, verbose: true, strict: true }).compile(schema);
}

/** Compiles a JSON Schema file once, on first use. */
export function lazyValidator(schemaUrl: URL): () => ValidateFunction {
  let validate: ValidateFunction | undefined;
  return () => {
    validate ??= compileSchema(readSchema(schemaUrl));
    return validate;
  };
}

/** Validates `source.data`; returns one issue per problem, ordered as they appear in the file. */
export function schemaIssues(validate: ValidateFunction, source: YamlSource): InputIssue[] {
  if (validate(source.data)) return [];
  // A failed if/then/else also reports "must match then/else schema": the errors inside say what.
  const errors = pruneBranchErrors((validate.errors ?? []).filter((e) => e.keyword !== 'if'));
  const seen = new Set<string>();
  const issues: InputIssue[] = [];
  for (const error of errors) {
    const { jsonPath, message } = describeError(error);
    const key = `${jsonPath}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(source.issue(jsonPath, message));
  }
  return issues.sort(byPosition);
}

/** Validates parsed JSON (an admin API body); one issue per problem, each with its JSON path. */
export function dataIssues(
  validate: ValidateFunction,
  data: unknown,
): Array<{ jsonPath: string; message: string }> {
  if (validate(data)) return [];
  const seen = new Set<string>();
  const issues: Array<{ jsonPath: string; message: string }> = [];
  for (const error of pruneBranchErrors(validate.errors ?? [])) {
    const issue = describeError(error);
    const key = `${issue.jsonPath}\0${issue.message}`;
    if (!seen.has(key)) issues.push(issue);
    seen.add(key);
  }
  return issues;
}

function describeError(error: ErrorObject): { jsonPath: string; message: string } {
  const path = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const guess = closest(name, allowed);
      const hint = guess
        ? ` (did you mean "${guess}"?)`
        : allowed.length > 0
          ? ` (allowed here: ${allowed.join(', ')})`
          : '';
      return {
        jsonPath: `${path}/${escapePointerSegment(name)}`,
        message: `unknown property "${name}"${hint}`,
      };
    }
    case 'required': {
      const name = String(params.missingProperty);
      return { jsonPath: `${path}/${escapePointerSegment(name)}`, message: 'required property is missing' };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return { jsonPath: path, message: `must be one of ${allowed}, not ${JSON.stringify(error.data)}` };
    }
    case 'const':
      return { jsonPath: path, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      if (path === '') return { jsonPath: path, message: 'the file must hold a mapping (key: value pairs)' };
      return { jsonPath: path, message: `${error.message}, not ${kindOf(error.data)}` };
    case 'pattern': {
      const description = (error.parentSchema?.description as string | undefined)?.split(/\.\s|\n/)[0];
      const rule = description ? ` (${description})` : '';
      return {
        jsonPath: path,
        message: `${JSON.stringify(error.data)} does not match pattern ${String(params.pattern)}${rule}`,
      };
    }
    default:
      return { jsonPath: path, message: error.message ?? error.keyword };
  }
}

/**
 * With allErrors, a failed anyOf/oneOf reports every branch's errors. Keep only the branches whose
 * `type` fits the value (their errors say what is wrong inside it); when none fits, say which
 * types would.
 */
function pruneBranchErrors(errors: ErrorObject[]): ErrorObject[] {
  const drop = new Set<ErrorObject>();
  const replace = new Map<ErrorObject, ErrorObject>();
  for (const error of errors) {
    if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') continue;
    const branches = (error.schema as Array<{ type?: string | string[] }> | undefined) ?? [];
    const fitting = new Set<number>();
    branches.forEach((branch, i) => {
      if (typeFits(branch.type, error.data)) fitting.add(i);
    });
    let branchErrors = 0;
    for (const other of errors) {
      const prefix = `${error.schemaPath}/`;
      if (other === error || !other.schemaPath.startsWith(prefix)) continue;
      branchErrors += 1;
      const index = Number(other.schemaPath.slice(prefix.length).split('/')[0]);
      if (!fitting.has(index)) drop.add(other);
    }
    if (fitting.size === 0) {
      const types = branches.flatMap((b) => (b.type === undefined ? [] : [b.type].flat()));
      replace.set(error, {
        ...error,
        keyword: 'type',
        message: `must be ${[...new Set(types)].join(' or ')}`,
      });
    } else if (branchErrors > 0) {
      drop.add(error);
    }
  }
  return errors.filter((e) => !drop.has(e)).map((e) => replace.get(e) ?? e);
}

function typeFits(type: string | string[] | undefined, value: unknown): boolean {
  if (type === undefined) return true;
  const kind = kindOf(value);
  return [type].flat().some((t) => t === kind || (t === 'number' && kind === 'integer'));
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value === 'object' ? 'object' : typeof value;
}
