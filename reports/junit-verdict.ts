import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Names junit.xml's root `<testsuites>` after the run's verdict, so a CI page that shows only the
 * file's first line tells "could not test" from "failed": Playwright's JUnit reporter counts
 * tests, and a project that could not be tested has no failure of the target to count.
 */
export function stampJunitVerdict(file: string, verdict: string): void {
  if (!existsSync(file)) return;
  const xml = readFileSync(file, 'utf8');
  const stamped = xml.replace(/<testsuites\b([^>]*)>/, (_, attrs: string) => {
    const rest = attrs.replace(/\s+name="[^"]*"/, '');
    return `<testsuites name="${escapeAttr(verdict)}"${rest}>`;
  });
  if (stamped !== xml) writeFileSync(file, stamped);
}
