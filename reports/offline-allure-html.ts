import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Makes the awesome plugin's single-file report a file that works alone, from disk, with no network:
 *
 * - Allure 3.18's template loads Google Tag Manager on every open (analytics, with the report's
 *   UUID) and offers no option to turn it off: those scripts are removed.
 * - The template puts the app script before the inlined data. When the app asks for its data before
 *   the browser has parsed the data script (a large report, a busy machine) it falls back to
 *   `fetch('widgets/….json')`, which `file://` refuses, and the page stays a spinner. The data
 *   script is moved before the app, so the data is there whenever the app asks.
 *
 * Throws when the HTML is not shaped as expected (another Allure version): a report that phones
 * home or stays blank must not be handed over silently.
 */
export function offlineAllureHtml(html: string): string {
  let out = stripRemoteScripts(html);
  out = dataBeforeApp(out);
  const remote = remoteReferences(out);
  if (remote.length > 0)
    throw new Error(`the Allure report still references the network: ${remote.slice(0, 3).join(', ')}`);
  return out;
}

/** `<script src="http…">` tags and the inline scripts that feed them (gtag). */
function stripRemoteScripts(html: string): string {
  return html
    .replace(/<script\b[^>]*\bsrc="https?:[^"]*"[^>]*>\s*<\/script>/gi, '')
    .replace(/<script\b[^>]*>(?:(?!<\/script>)[\s\S])*?\bgtag\((?:(?!<\/script>)[\s\S])*<\/script>/gi, '');
}

const DATA_START = /<script\b[^>]*>\s*window\.allureReportDataReady\s*=\s*false;/;
const DATA_END = /Promise\.allSettled\([\s\S]*?<\/script>/g;
const APP_SCRIPT = /<script\b[^>]*\bsrc="data:text\/javascript;base64,/;

function dataBeforeApp(html: string): string {
  const app = APP_SCRIPT.exec(html);
  const start = DATA_START.exec(html);
  // A report with no data inlined (an empty run) has nothing to move.
  if (!start) return html;
  if (!app) throw new Error('the Allure report has no inlined app script (is singleFile off?)');
  if (start.index < app.index) return html;
  DATA_END.lastIndex = start.index;
  const end = DATA_END.exec(html);
  if (!end) throw new Error('the Allure report data script has no end');
  const stop = end.index + end[0].length;
  const data = html.slice(start.index, stop);
  return `${html.slice(0, app.index)}${data}\n${html.slice(app.index, start.index)}${html.slice(stop)}`;
}

/** `src`/`href` attributes and CSS `url()`s that leave the file. */
export function remoteReferences(html: string): string[] {
  const found = [
    ...html.matchAll(/\b(?:src|href)\s*=\s*["']?((?:https?:)?\/\/[^"'\s>]+)/gi),
    ...html.matchAll(/url\(\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi),
  ];
  return found.map((m) => m[1]);
}

/** Rewrites the report file in place. */
export function makeAllureReportOffline(indexHtml: string): void {
  writeFileSync(indexHtml, offlineAllureHtml(readFileSync(indexHtml, 'utf8')));
}
