import type { CheckResult } from '../lib/checks/types.ts';
import {
  type ConformanceError,
  type ConformanceReport,
  PROJECT_SEPARATOR,
  verdictText,
} from './conformance-model.ts';

/** One test case per check result: what a CI gate reads. */
export const JUNIT_FILE = 'junit.xml';
/** Playwright's own JUnit, one case per test with its duration (the benchmark reads it). */
export const PLAYWRIGHT_JUNIT_FILE = 'junit-tests.xml';

// Characters outside XML 1.0's Char production would make the whole file unreadable to a CI.
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const esc = (s: string) =>
  s
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

interface Case {
  name: string;
  classname: string;
  /** failure: the target failed a MUST; error: it could not be judged or the run broke. */
  outcome?: { tag: 'failure' | 'error' | 'skipped'; message: string; type?: string; body?: string };
  out?: string;
  properties?: Record<string, string>;
}

/** The id, level and clause first: a CI page that shows only the message shows what to fix. */
function checkMessage(c: CheckResult): string {
  return `${c.id} (${c.level}, ${c.spec}): ${c.detail}`;
}

function checkCase(c: CheckResult): Case {
  const where = c.binding ? ` [${c.binding}]` : '';
  const properties: Record<string, string> = {
    check: c.id,
    level: c.level,
    clause: c.spec,
    flow: c.flow,
    status: c.status,
    ...(c.binding ? { binding: c.binding } : {}),
    ...(c.test ? { test: c.test } : {}),
  };
  const base = {
    name: `${c.id}${where} ${c.title}`,
    classname: `${c.target}${PROJECT_SEPARATOR}${c.scenario}.${c.flow}`,
    properties,
  };
  const body = `${c.title}\n${c.level} · ${c.spec}\n${c.status}: ${c.detail}${c.test ? `\ntest: ${c.test}` : ''}`;
  switch (c.status) {
    case 'fail':
      return { ...base, outcome: { tag: 'failure', type: c.level, message: checkMessage(c), body } };
    // Neither passed nor failed: an error, which no CI reads as green.
    case 'inconclusive':
      return {
        ...base,
        outcome: { tag: 'error', type: 'inconclusive', message: `could not test ${checkMessage(c)}`, body },
      };
    case 'skip':
      return { ...base, outcome: { tag: 'skipped', message: c.detail } };
    // A SHOULD failure or a known finding: the run passes, and the warning is in the case's output.
    case 'warn':
      return { ...base, out: `WARNING ${checkMessage(c)}` };
    default:
      return { ...base, out: checkMessage(c) };
  }
}

function errorCase(e: ConformanceError): Case {
  const at = [e.file && `${e.file}${e.line ? `:${e.line}` : ''}`, e.source && `(${e.source})`]
    .filter(Boolean)
    .join(' ');
  return {
    name: e.test ? `${e.kind} error: ${e.test}` : `${e.kind} error`,
    classname: e.project ?? 'accord',
    outcome: { tag: 'error', type: e.kind, message: e.message, body: at ? `${e.message}\n${at}` : e.message },
  };
}

function renderCase(c: Case): string {
  const props = Object.entries(c.properties ?? {}).map(
    ([k, v]) => `        <property name="${esc(k)}" value="${esc(v)}"/>`,
  );
  const parts = [`    <testcase name="${esc(c.name)}" classname="${esc(c.classname)}" time="0">`];
  if (props.length > 0) parts.push('      <properties>', ...props, '      </properties>');
  const o = c.outcome;
  if (o?.tag === 'skipped') parts.push(`      <skipped message="${esc(o.message)}"/>`);
  else if (o)
    parts.push(
      `      <${o.tag} message="${esc(o.message)}" type="${esc(o.type ?? '')}">${esc(o.body ?? o.message)}</${o.tag}>`,
    );
  if (c.out) parts.push(`      <system-out>${esc(c.out)}</system-out>`);
  parts.push('    </testcase>');
  return parts.join('\n');
}

interface Suite {
  name: string;
  cases: Case[];
  properties?: Record<string, string>;
}

function count(cases: readonly Case[]) {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.outcome?.tag === 'failure').length,
    errors: cases.filter((c) => c.outcome?.tag === 'error').length,
    skipped: cases.filter((c) => c.outcome?.tag === 'skipped').length,
  };
}

function renderSuite(s: Suite): string {
  const n = count(s.cases);
  const props = Object.entries(s.properties ?? {})
    .map(([k, v]) => `      <property name="${esc(k)}" value="${esc(v)}"/>`)
    .join('\n');
  return [
    `  <testsuite name="${esc(s.name)}" tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="${n.skipped}" time="0">`,
    ...(props ? ['    <properties>', props, '    </properties>'] : []),
    ...s.cases.map(renderCase),
    '  </testsuite>',
  ].join('\n');
}

/**
 * junit.xml from the run's verdict: one test case per check result (id, level and clause in the
 * failure message), skips as skipped, inconclusive checks and run errors as errors. A run that
 * judged nothing has one errored case saying so: zero tests reads as green to a CI.
 */
export function junitPerCheck(report: ConformanceReport): string {
  const suites: Suite[] = report.targets.map((g) => ({
    name: `${g.target}${PROJECT_SEPARATOR}${g.scenario}`,
    cases: g.checks.map(checkCase),
    properties: {
      target: g.target,
      scenario: g.scenario,
      ...(g.url ? { url: g.url } : {}),
      ...(g.profile ? { profile: g.profile } : {}),
      ...(report.accordVersion ? { accordVersion: report.accordVersion } : {}),
    },
  }));
  const errors = report.errors.map(errorCase);
  if (suites.every((s) => s.cases.length === 0) && errors.length === 0) {
    errors.push({
      name: 'no check was judged',
      classname: 'accord',
      outcome: {
        tag: 'error',
        type: 'run',
        message: 'the run recorded no check: nothing was tested',
      },
    });
  }
  if (errors.length > 0) suites.push({ name: 'accord run errors', cases: errors });
  const n = count(suites.flatMap((s) => s.cases));
  const name = `Accord conformance: ${report.verdict ?? verdictText(report)}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${esc(name)}" tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="${n.skipped}" time="0">`,
    ...suites.map(renderSuite),
    '</testsuites>',
    '',
  ].join('\n');
}
