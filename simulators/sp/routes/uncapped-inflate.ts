import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const XMLDOM = createRequire(import.meta.url).resolve('@xmldom/xmldom');

/** Plain JavaScript: the thread runs without the TypeScript loader of the process that starts it. */
const SOURCE = `
const { workerData } = require('node:worker_threads');
const { inflateRawSync } = require('node:zlib');
const { DOMParser } = require(workerData.xmldom);
const xml = inflateRawSync(Buffer.from(workerData.value, 'base64')).toString('utf8');
new DOMParser({ locator: false, onError: () => {} }).parseFromString(xml, 'text/xml');
`;

/**
 * The inflate-unbounded defect's work: a Redirect message inflated without a cap and all of it
 * parsed, as a vulnerable SP does, on a thread of its own. The SP answers only once it is done, so
 * its answer is as late as a vulnerable SP's; but the event loop it shares with every other
 * simulator of the run stays free, and a conformant SP beside it is not slowed.
 */
export function inflateAndParseUncapped(value: string): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(SOURCE, { eval: true, workerData: { value, xmldom: XMLDOM } });
    // Input it cannot inflate or parse ends the thread with an error: the SP's own path refuses it next.
    worker.once('error', () => undefined);
    worker.once('exit', () => resolve());
  });
}
