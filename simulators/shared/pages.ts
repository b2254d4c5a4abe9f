import { escapeXml } from '../../lib/saml/safe-xml.ts';

export const escapeHtml = escapeXml;

/** A plain page; every simulator page goes through this so error pages look alike and are easy to match. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#222}
.error{border-left:4px solid #c00;padding:.5rem 1rem;background:#fee}.ok{border-left:4px solid #080;padding:.5rem 1rem;background:#efe}
code,pre{background:#f4f4f4;padding:.1rem .3rem}pre{padding:.5rem;overflow:auto}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}label{display:block;margin:.5rem 0}</style>
</head><body>${body}</body></html>`;
}

/** Error page naming the failed check, so both people and suites can tell why a message was refused. */
export function errorPage(title: string, check: string, detail: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1><div class="error" id="accord-error" data-check="${escapeHtml(check)}">
<p><strong>Check failed:</strong> <code>${escapeHtml(check)}</code></p><p>${escapeHtml(detail)}</p></div>`,
  );
}
