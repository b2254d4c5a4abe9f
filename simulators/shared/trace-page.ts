import type { RequestHandler } from 'express';
import { formatXml } from '../../lib/trace/format-xml.ts';
import type { TraceRecorder } from '../../lib/trace/recorder.ts';
import { entryLabel, renderSequenceSvg } from '../../lib/trace/sequence-diagram.ts';
import type { TraceEntry } from '../../lib/trace/types.ts';
import { escapeHtml, page } from './pages.ts';

/** The path of the page, beside the JSON of /__accord/trace. */
export const TRACE_PAGE_PATH = '/__accord/trace/view';
const DEFAULT_ENTRIES = 40;
const MAX_ENTRIES = 500;

/** A decoded message, pretty-printed when it is XML or JSON; otherwise as kept. */
function pretty(decoded: string): string {
  const text = decoded.trim();
  if (text.startsWith('<')) return formatXml(text);
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      return decoded;
    }
  }
  return decoded;
}

function entryHtml(e: TraceEntry): string {
  const facts = [
    e.method || e.url
      ? `<div><code>${escapeHtml(`${e.method ?? ''} ${e.url ?? ''}`.trim())}</code></div>`
      : '',
    e.relayState ? `<div>RelayState <code>${escapeHtml(e.relayState)}</code></div>` : '',
    `<div class="meta">seen by ${escapeHtml(e.observer)} (${e.direction === 'in' ? 'received' : 'sent'}) at ${escapeHtml(e.at)}</div>`,
  ];
  const checks = (e.checks ?? [])
    .map(
      (c) =>
        `<li class="chk-${escapeHtml(c.status)}"><strong>${escapeHtml(c.status.toUpperCase())}</strong> <code>${escapeHtml(c.id)}</code> ${escapeHtml(c.detail)}</li>`,
    )
    .join('');
  const info =
    e.info && Object.keys(e.info).length
      ? `<details><summary>details</summary><pre>${escapeHtml(JSON.stringify(e.info, null, 2))}</pre></details>`
      : '';
  const decoded = e.decoded
    ? `<pre class="msg">${escapeHtml(pretty(e.decoded))}</pre>`
    : e.raw
      ? `<details><summary>as sent</summary><pre>${escapeHtml(e.raw)}</pre></details>`
      : '';
  return `<section class="entry" id="seq-${e.seq}"><h3>#${e.seq} ${escapeHtml(entryLabel(e))} <small>${escapeHtml(`${e.from} → ${e.to}`)}</small></h3>
${facts.join('')}${checks ? `<ul>${checks}</ul>` : ''}${decoded}${info}</section>`;
}

/** Consecutive entries of one browser flow (the accord-flow cookie; none when a person clicks). */
function groupByFlow(entries: TraceEntry[]): { flow?: string; entries: TraceEntry[] }[] {
  const groups: { flow?: string; entries: TraceEntry[] }[] = [];
  for (const e of entries) {
    const last = groups.at(-1);
    if (last && last.flow === e.flow) last.entries.push(e);
    else groups.push({ flow: e.flow, entries: [e] });
  }
  return groups;
}

/**
 * GET /__accord/trace/view?n=: the last n messages this simulator saw, newest flow first, each
 * flow's sequence diagram and every message decoded and pretty-printed, as SAML-tracer shows them.
 * Messages carry what any peer sent, so every string is escaped and the page loads nothing.
 */
export function tracePage(trace: TraceRecorder, title: string): RequestHandler {
  return (req, res) => {
    const raw = req.query.n;
    const n =
      raw === undefined
        ? DEFAULT_ENTRIES
        : typeof raw === 'string' && /^\d{1,4}$/.test(raw)
          ? Number(raw)
          : 0;
    if (n < 1 || n > MAX_ENTRIES) {
      res
        .status(400)
        .type('text')
        .send(`n must be a whole number from 1 to ${MAX_ENTRIES} (the messages to show)\n`);
      return;
    }
    const entries = trace.query().slice(-n);
    const groups = groupByFlow(entries).reverse();
    const body = groups.length
      ? groups
          .map(
            (
              g,
            ) => `<h2>${g.flow ? `Flow <code>${escapeHtml(g.flow)}</code>` : 'Messages'} <small>#${g.entries[0].seq}–#${g.entries.at(-1)?.seq}</small></h2>
<div class="diagram">${renderSequenceSvg(g.entries)}</div>
${g.entries.map(entryHtml).join('\n')}`,
          )
          .join('\n')
      : '<p>No messages yet: sign in, then reload this page.</p>';
    res
      .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(
        page(
          `${title}: trace`,
          `<style>.diagram{overflow:auto}.entry{border-top:1px solid #ccc;margin-top:1rem}.meta{color:#666;font-size:.85em}
pre.msg{white-space:pre-wrap;word-break:break-all}.chk-fail{color:#c62828}.chk-warn{color:#b26a00}</style>
<h1>${escapeHtml(title)}: the last ${entries.length} messages</h1>
<p>Newest first. <a href="?n=${Math.min(MAX_ENTRIES, n * 2)}">Show more</a> · <a href="/__accord/trace">JSON</a> · <a href="/">Start page</a></p>
${body}`,
        ),
      );
  };
}
