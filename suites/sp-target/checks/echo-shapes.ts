import type { EchoPage } from '../../../lib/target/types.ts';
import type { EchoedIdentity } from './echo-matches-assertion.ts';

/** One name the page shows with the value(s) beside it, before values are split or merged. */
export interface EchoRow {
  name: string;
  values: string[];
}

/** `name<delimiter>value` lines; a line without the delimiter (a heading, a blank) is not a row. */
export function rowsFromLines(text: string, delimiter = '='): EchoRow[] {
  const rows: EchoRow[] = [];
  for (const line of text.split(/\r?\n/)) {
    const at = line.indexOf(delimiter);
    if (at <= 0) continue;
    const name = line.slice(0, at).trim();
    if (name) rows.push({ name, values: [line.slice(at + delimiter.length).trim()] });
  }
  return rows;
}

/** Every match of the profile's pattern, read by its `name` and `value` groups. */
export function rowsFromRegex(text: string, pattern: string): EchoRow[] {
  const rows: EchoRow[] = [];
  for (const m of text.matchAll(new RegExp(pattern, 'gm'))) {
    const name = m.groups?.name?.trim();
    if (name) rows.push({ name, values: [(m.groups?.value ?? '').trim()] });
  }
  return rows;
}

/**
 * Rows into what the application got: a name seen twice keeps every value in page order, a shown
 * value is split at valueSeparator, and the row named `nameId` is the NameID, not an attribute.
 */
export function identityFromRows(
  rows: readonly EchoRow[],
  o: Pick<EchoPage, 'nameId' | 'valueSeparator'>,
): EchoedIdentity {
  const attributes: Record<string, string[]> = {};
  let nameId: string | undefined;
  for (const row of rows) {
    const values = o.valueSeparator
      ? row.values.flatMap((v) => v.split(o.valueSeparator!).map((x) => x.trim()))
      : row.values;
    if (o.nameId !== undefined && row.name === o.nameId) {
      nameId ??= values[0];
      continue;
    }
    attributes[row.name] = [...(attributes[row.name] ?? []), ...values];
  }
  return { nameId, attributes };
}
