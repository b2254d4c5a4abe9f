import { createHash } from 'node:crypto';
import type { TraceCheck, TraceEntry } from './types.ts';

/*
 * Entries carry attacker-controlled strings (actor names, kinds, check details echo what a target sent),
 * so every piece of text is truncated, stripped of characters XML forbids, and escaped before it lands
 * in markup. The SVG references nothing outside itself so it renders as an attachment or over file://.
 */

const MAX_LABEL = 64;
const MAX_ACTOR = 24;
const MAX_TITLE = 2000;
const CHAR_W = 7;
const MIN_COL = 170;
const MAX_COL = 460;
const LEFT = 56;
const TOP = 16;
const BOX_H = 30;
const ROW_H = 46;
const LINE_H = 15;

const COLOR = { normal: '#37474f', fail: '#c62828', warn: '#b26a00', lifeline: '#b0bec5', box: '#eceff1' };

// Characters outside the XML 1.0 Char production (controls, lone surrogates, U+FFFE/U+FFFF) would make the SVG unparseable.
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function clip(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

function esc(s: string): string {
  return s
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** One line of visible text: newlines and tabs flattened so a label cannot spill over other rows. */
function oneLine(s: string, max: number): string {
  return clip(s.replace(/\s+/g, ' ').trim(), max);
}

export function entryLabel(e: TraceEntry): string {
  const kind = String(e.kind ?? '?');
  return e.binding && e.binding !== 'none' ? `${kind} (${e.binding})` : kind;
}

export function actorsOf(entries: readonly TraceEntry[]): string[] {
  const seen: string[] = [];
  for (const e of entries) {
    for (const a of [String(e.from ?? '?'), String(e.to ?? '?')]) if (!seen.includes(a)) seen.push(a);
  }
  return seen;
}

function checksWith(e: TraceEntry, status: TraceCheck['status']): TraceCheck[] {
  return Array.isArray(e.checks) ? e.checks.filter((c) => c?.status === status) : [];
}

function idList(checks: TraceCheck[]): string {
  return checks.map((c) => String(c.id)).join(', ');
}

function tooltip(e: TraceEntry): string {
  const lines = [
    `#${e.seq} ${entryLabel(e)}  ${e.from} → ${e.to}`,
    e.method || e.url ? `${e.method ?? ''} ${e.url ?? ''}`.trim() : '',
    e.relayState ? `RelayState: ${e.relayState}` : '',
    `seen by ${e.observer} (${e.direction}) at ${e.at}`,
    ...(Array.isArray(e.checks)
      ? e.checks.map((c) => `${String(c?.status).toUpperCase()} ${c?.id}: ${c?.detail}`)
      : []),
  ];
  return clip(lines.filter(Boolean).join('\n'), MAX_TITLE);
}

function text(x: number, y: number, s: string, attrs: string): string {
  return `<text x="${x}" y="${y}" ${attrs}>${esc(s)}</text>`;
}

/** Self-contained SVG sequence diagram: one column per actor, one arrow per entry, in the given order. */
export function renderSequenceSvg(entries: readonly TraceEntry[]): string {
  const actors = actorsOf(entries);
  const labels = entries.map((e) => oneLine(entryLabel(e), MAX_LABEL));
  const checkLines = entries.map((e) => {
    const lines: { color: string; text: string }[] = [];
    const failed = checksWith(e, 'fail');
    const warned = checksWith(e, 'warn');
    if (failed.length) lines.push({ color: COLOR.fail, text: oneLine(`✗ ${idList(failed)}`, MAX_LABEL) });
    if (warned.length) lines.push({ color: COLOR.warn, text: oneLine(`! ${idList(warned)}`, MAX_LABEL) });
    return lines;
  });
  const widest = Math.max(0, ...labels.map((l) => l.length), ...checkLines.flat().map((l) => l.text.length));
  const col = Math.min(MAX_COL, Math.max(MIN_COL, widest * CHAR_W + 40));
  const xOf = (actor: string) => LEFT + col / 2 + actors.indexOf(actor) * col;
  // A self-message's label sits to the right of its lifeline and may run past the last column.
  const selfReach = entries.map((e, i) =>
    e.from === e.to
      ? xOf(String(e.from ?? '?')) +
        52 +
        Math.max(labels[i].length, ...checkLines[i].map((l) => l.text.length)) * CHAR_W
      : 0,
  );
  const width = Math.ceil(Math.max(LEFT + Math.max(1, actors.length) * col + 20, ...selfReach));

  const rows: string[] = [];
  let y = TOP + BOX_H + 34;
  const id = `accord-seq-${createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 10)}`;
  entries.forEach((e, i) => {
    const extra = checkLines[i];
    const color = extra.some((l) => l.color === COLOR.fail)
      ? COLOR.fail
      : extra.length
        ? COLOR.warn
        : COLOR.normal;
    const marker = color === COLOR.fail ? 'fail' : color === COLOR.warn ? 'warn' : 'normal';
    const x1 = xOf(String(e.from ?? '?'));
    const x2 = xOf(String(e.to ?? '?'));
    const parts: string[] = [`<title>${esc(tooltip(e))}</title>`];
    parts.push(text(8, y + 4, `${e.seq}`, `class="seq"`));
    if (x1 === x2) {
      parts.push(
        `<path d="M${x1} ${y - 8} h36 v16 h-34" fill="none" stroke="${color}" stroke-width="1.5" marker-end="url(#${id}-${marker})"/>`,
      );
      parts.push(text(x1 + 42, y + 4, labels[i], `fill="${color}"`));
      extra.forEach((l, k) => {
        parts.push(text(x1 + 42, y + 4 + (k + 1) * LINE_H, l.text, `fill="${l.color}" class="chk"`));
      });
    } else {
      const mid = (x1 + x2) / 2;
      parts.push(
        `<line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="${color}" stroke-width="1.5" marker-end="url(#${id}-${marker})"/>`,
      );
      parts.push(text(mid, y - 6, labels[i], `fill="${color}" text-anchor="middle"`));
      extra.forEach((l, k) => {
        parts.push(
          text(mid, y + k * LINE_H + 14, l.text, `fill="${l.color}" text-anchor="middle" class="chk"`),
        );
      });
    }
    rows.push(`<g class="msg${color === COLOR.normal ? '' : ` ${marker}`}">${parts.join('')}</g>`);
    y += ROW_H + Math.max(0, extra.length - (x1 === x2 ? 0 : 1)) * LINE_H + (x1 === x2 ? 8 : 0);
  });
  if (entries.length === 0) {
    rows.push(text(LEFT, y, 'no messages recorded', `fill="${COLOR.normal}"`));
    y += ROW_H;
  }
  const height = y + 4;

  const heads = actors.map((a) => {
    const x = xOf(a);
    const name = oneLine(a, MAX_ACTOR);
    const w = Math.min(col - 16, name.length * CHAR_W + 24);
    return (
      `<line x1="${x}" y1="${TOP + BOX_H}" x2="${x}" y2="${height - 4}" stroke="${COLOR.lifeline}" stroke-dasharray="4 3"/>` +
      `<rect x="${x - w / 2}" y="${TOP}" width="${w}" height="${BOX_H}" rx="4" fill="${COLOR.box}" stroke="${COLOR.normal}"/>` +
      text(x, TOP + BOX_H / 2 + 4, name, `text-anchor="middle" font-weight="600"`)
    );
  });

  const markers = (['normal', 'fail', 'warn'] as const)
    .map(
      (m) =>
        `<marker id="${id}-${m}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse">` +
        `<path d="M0 0 L10 5 L0 10 z" fill="${COLOR[m]}"/></marker>`,
    )
    .join('');

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="protocol sequence diagram">`,
    `<style>text{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:12px}.seq{fill:#78909c;font-size:11px}.chk{font-size:11px}</style>`,
    `<defs>${markers}</defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...heads,
    ...rows,
    '</svg>',
  ].join('\n');
}

/**
 * Mermaid text is parsed line by line and decodes `#NN;` entities, so everything but a plain safe
 * set is written as an entity: no label can end a line, open a directive or smuggle markup.
 */
function mermaidText(s: string, max: number): string {
  return Array.from(oneLine(s, max))
    .map((c) => (/^[A-Za-z0-9 _.,()\-/]$/.test(c) ? c : `#${c.codePointAt(0)};`))
    .join('');
}

export function renderSequenceMermaid(entries: readonly TraceEntry[]): string {
  const actors = actorsOf(entries);
  const ids = new Map(actors.map((a, i) => [a, `A${i}`]));
  const lines = ['sequenceDiagram'];
  for (const a of actors) lines.push(`  participant ${ids.get(a)} as ${mermaidText(a, MAX_ACTOR)}`);
  for (const e of entries) {
    const from = ids.get(String(e.from ?? '?'));
    const to = ids.get(String(e.to ?? '?'));
    const label = mermaidText(`${e.seq}. ${entryLabel(e)}`, MAX_LABEL);
    const failed = checksWith(e, 'fail');
    const warned = checksWith(e, 'warn');
    const span = from === to ? `${from}` : `${from},${to}`;
    if (failed.length) {
      lines.push('  rect rgb(255, 228, 228)');
      lines.push(`    ${from}->>${to}: ${label}`);
      lines.push(`    Note over ${span}: ${mermaidText(`FAIL ${idList(failed)}`, MAX_LABEL)}`);
      if (warned.length)
        lines.push(`    Note over ${span}: ${mermaidText(`WARN ${idList(warned)}`, MAX_LABEL)}`);
      lines.push('  end');
    } else {
      lines.push(`  ${from}->>${to}: ${label}`);
      if (warned.length)
        lines.push(`  Note over ${span}: ${mermaidText(`WARN ${idList(warned)}`, MAX_LABEL)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
