// One long xmllint run that validates documents as they arrive. xmllint compiles the schemas once
// per run (~2.5 ms, most of a run's cost) and then validates each file named on its command line
// in turn. Here every such file is a device whose first read blocks this thread (Atomics.wait)
// until the main thread sends the next document, so one compiled schema serves hundreds of
// documents and none of them waits for a batch to fill. Plain CommonJS because worker threads do
// not inherit the TS loader.
'use strict';
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const entry = require.resolve('xmllint-wasm/xmllint-node.js');
const createXmllint = require(entry);
const compiled = new WebAssembly.Module(readFileSync(join(dirname(entry), 'xmllint.wasm')));

/** @type {{ docs: MessagePort, signal: Int32Array, schema: {fileName: string, contents: string}, preload: {fileName: string, contents: string}[], maxPages: number, docsPerRun: number }} */
const { docs, signal, schema, preload, maxPages, docsPerRun } = workerData;
const encoder = new TextEncoder();

/** Blocks until the main thread has sent a document: { id, contents }. */
function nextDocument() {
  for (;;) {
    const seen = Atomics.load(signal, 0);
    const m = receiveMessageOnPort(docs);
    if (m) return m.message;
    Atomics.wait(signal, 0, seen);
  }
}

function run() {
  /** The document being read or validated: its output lines are collected until the next one starts. */
  let current;
  let ended = false;
  const finish = () => {
    if (current) parentPort.postMessage({ id: current.id, name: current.name, lines: current.lines });
    current = undefined;
  };
  const end = (why) => {
    if (ended) return;
    ended = true;
    // A document the run died on gets the reason; the documents still queued go to the next run.
    if (current) current.lines.push(...why);
    finish();
    setImmediate(run);
  };
  const names = Array.from({ length: docsPerRun }, (_, i) => `doc-${i}.xml`);
  const device = (name) => {
    let bytes;
    let pos = 0;
    return () => {
      if (!bytes) {
        finish();
        const doc = nextDocument();
        current = { id: doc.id, name: `/in/${name}`, lines: [] };
        bytes = encoder.encode(doc.contents);
      }
      return pos < bytes.length ? bytes[pos++] : null;
    };
  };
  const line = (t) => {
    if (current) current.lines.push(t);
  };
  try {
    createXmllint({
      inputFiles: [schema, ...preload],
      arguments: ['--schema', schema.fileName, '--noout', ...names.map((n) => `/in/${n}`)],
      wasmMemory: new WebAssembly.Memory({ initial: 256, maximum: maxPages }),
      print: line,
      printErr: line,
      onRuntimeInitialized() {
        this.FS_createPath('/', 'in', true, true);
        for (const n of names) this.FS_createDevice('/in', n, device(n));
      },
      onExit: () => end([]),
      onAbort: (reason) => end([`xmllint aborted: ${reason}`]),
      instantiateWasm: (imports, done) => {
        const instance = new WebAssembly.Instance(compiled, imports);
        done(instance, compiled);
        return instance.exports;
      },
    }).catch((e) => end([`xmllint failed: ${e?.message ? e.message : e}`]));
  } catch (e) {
    end([`xmllint failed: ${e?.message ? e.message : e}`]);
  }
}

run();
