import type { ValidateFunction } from 'ajv';
import { compileSchema, readSchema } from './schema-issues.ts';
import { vendorIds } from './vendors/index.ts';

const SCHEMA_URL = new URL('./scenario.schema.json', import.meta.url);

let compiled: { vendors: string; validate: ValidateFunction } | undefined;

/**
 * The scenario schema with `vendor` limited to the registered profiles: the list lives in
 * lib/scenario/vendors/ alone, so a new vendor touches no schema. Compiled again only when a
 * profile is registered or removed.
 */
export function scenarioValidator(): ValidateFunction {
  const ids = vendorIds();
  const key = ids.join('\n');
  if (compiled?.vendors !== key) {
    const schema = readSchema(SCHEMA_URL);
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    properties.vendor = { ...properties.vendor, enum: ids };
    compiled = { vendors: key, validate: compileSchema(schema) };
  }
  return compiled.validate;
}
