import { readFileSync } from 'node:fs';

/** The sum of the testcase durations in a JUnit file; undefined when the file is missing or has none. */
export function junitTestSeconds(file: string): number | undefined {
  let xml: string;
  try {
    xml = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const times = [...xml.matchAll(/<testcase\b[^>]*\btime="([0-9.]+)"/g)].map((m) => Number(m[1]));
  return times.length > 0 ? times.reduce((a, b) => a + b, 0) : undefined;
}
