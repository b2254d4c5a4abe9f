import { type ConformanceReport, notesOf, runOutcome, verdictsOf, verdictText } from './conformance-model.ts';

export interface TableOptions {
  color?: boolean;
  /** Longest detail shown per line; conformance.json keeps the full text. */
  maxDetail?: number;
}

/** Colour only for a person at a terminal: never in CI logs, pipes or when NO_COLOR is set. */
export function useColor(stream: { isTTY?: boolean } = process.stdout): boolean {
  return Boolean(stream.isTTY) && !process.env.CI && !process.env.NO_COLOR;
}

// Details echo what a target sent; control, escape and bidi characters could repaint or reorder the terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSAFE_TERMINAL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(s: unknown, max = Number.POSITIVE_INFINITY): string {
  const flat = String(s ?? '')
    .replace(/\s+/g, ' ')
    .replace(UNSAFE_TERMINAL, '\uFFFD')
    .trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}

type Paint = (code: string, s: string) => string;

function painter(color: boolean): Paint {
  return color ? (code, s) => `\u001b[${code}m${s}\u001b[0m` : (_code, s) => s;
}

const RED = '31';
const YELLOW = '33';
const GREEN = '32';
const DIM = '2';
const BOLD = '1';

function table(
  rows: string[][],
  align: ('l' | 'r')[],
  paintCell: (row: number, col: number, s: string) => string,
): string[] {
  const widths = align.map((_, c) => Math.max(...rows.map((r) => Array.from(r[c]).length)));
  return rows.map((r, i) =>
    r
      .map((cell, c) => {
        const pad = ' '.repeat(widths[c] - Array.from(cell).length);
        return paintCell(i, c, align[c] === 'r' ? pad + cell : cell + pad);
      })
      .join('  ')
      .trimEnd(),
  );
}

export function formatSummaryTable(report: ConformanceReport, opts: TableOptions = {}): string {
  const paint = painter(opts.color ?? false);
  const maxDetail = opts.maxDetail ?? 240;
  const out: string[] = [];
  const verdict = verdictLine(report, paint);
  out.push(`${paint(BOLD, 'Accord conformance:')} ${verdict}`);

  if (report.targets.length === 0) {
    out.push('  no checks recorded');
  } else {
    out.push(paint(DIM, `  ${COUNTS_NOTE}`));
    const rows = [['TARGET', 'SCENARIO', 'PASS', 'FAIL', 'WARN', 'SKIP', 'INCONCLUSIVE']];
    for (const g of report.targets) {
      const n = { pass: 0, fail: 0, warn: 0, skip: 0, inconclusive: 0 };
      for (const v of verdictsOf(g)) n[v.status]++;
      rows.push([
        terminalSafe(g.target, 40),
        terminalSafe(g.scenario, 40),
        String(n.pass),
        String(n.fail),
        String(n.warn),
        String(n.skip),
        String(n.inconclusive),
      ]);
    }
    const colors = [undefined, undefined, GREEN, RED, YELLOW, DIM, YELLOW];
    const lines = table(rows, ['l', 'l', 'r', 'r', 'r', 'r', 'r'], (row, col, s) => {
      if (row === 0) return paint(BOLD, s);
      const code = colors[col];
      return code && s.trim() !== '0' ? paint(code, s) : s;
    });
    out.push(...lines.map((l) => `  ${l}`));
  }

  const flagged: string[][] = [];
  for (const g of report.targets) {
    for (const v of verdictsOf(g)) {
      if (v.status !== 'fail' && v.status !== 'warn' && v.status !== 'inconclusive') continue;
      const details = [...new Set(v.decisive.map((c) => terminalSafe(c.detail)))].filter(Boolean);
      flagged.push([
        v.status.toUpperCase(),
        v.level,
        `${terminalSafe(g.target, 40)} · ${terminalSafe(g.scenario, 40)}`,
        terminalSafe(v.id, 60),
        `${terminalSafe(v.title, 80)}${details.length ? ` — ${terminalSafe(details.join(' | '), maxDetail)}` : ''}`,
      ]);
    }
  }
  if (flagged.length) {
    out.push('', paint(BOLD, 'Failed, warned and inconclusive checks'));
    const lines = table(flagged, ['l', 'l', 'l', 'l', 'l'], (row, col, s) =>
      col === 0 ? paint(flagged[row][0] === 'FAIL' ? RED : YELLOW, s) : s,
    );
    out.push(...lines.map((l) => `  ${l}`));
  }

  const notes = report.targets.flatMap((g) =>
    notesOf(g).map(
      (n) =>
        `  ${paint(YELLOW, 'NOTE')} ${terminalSafe(g.target, 40)} · ${terminalSafe(g.scenario, 40)}: ${terminalSafe(n.note, maxDetail)} (${terminalSafe(n.checks.join(', '), maxDetail)})`,
    ),
  );
  if (notes.length) out.push('', paint(BOLD, 'Notes'), ...notes);

  if (report.errors.length) {
    out.push('', paint(BOLD, 'Errors'));
    for (const e of report.errors) {
      const where = [
        e.project ? terminalSafe(e.project, 80) : '',
        e.file ? `${terminalSafe(e.file, 120)}${e.line ? `:${e.line}` : ''}` : '',
        e.test ? `› ${terminalSafe(e.test, 120)}` : '',
        e.status ? `[${terminalSafe(e.status, 20)}]` : '',
      ]
        .filter(Boolean)
        .join(' ');
      out.push(`  ${paint(RED, 'ERROR')} ${where ? `${where}: ` : ''}${terminalSafe(e.message, maxDetail)}`);
    }
  }

  const s = report.summary;
  out.push(
    '',
    `Result: ${verdict} · pass ${s.pass} · fail ${s.fail} · warn ${s.warn} · skip ${s.skip} · inconclusive ${s.inconclusive ?? 0} (distinct checks per target·scenario)`,
  );
  return `${out.join('\n')}\n`;
}

const COUNTS_NOTE =
  'each count is of distinct checks per target·scenario, by the worst of their results; conformance.json lists every result';

function verdictLine(report: ConformanceReport, paint: Paint): string {
  const outcome = runOutcome(report);
  return paint(
    outcome === 'failed' ? RED : outcome === 'could-not-test' ? YELLOW : GREEN,
    // Target and scenario names are the profile's and scenario's: keep the terminal safe from them.
    terminalSafe(verdictText(report)),
  );
}
