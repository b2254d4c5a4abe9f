// A long-lived worker that keeps xmllint's WebAssembly compiled: xmllint-wasm's own API starts a
// worker and compiles 780 KB of wasm on every call (~190 ms); instantiating a compiled module
// costs about a millisecond. Plain CommonJS because worker threads do not inherit the TS loader.
'use strict';
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const entry = require.resolve('xmllint-wasm/xmllint-node.js');
// The module also installs its own message handler; it ignores messages without its own key.
const createXmllint = require(entry);
const compiled = new WebAssembly.Module(readFileSync(join(dirname(entry), 'xmllint.wasm')));

parentPort.on('message', (msg) => {
  if (msg?.accord !== true) return;
  let stdout = '';
  let stderr = '';
  let answered = false;
  const answer = (exitCode, extra = '') => {
    if (answered) return;
    answered = true;
    parentPort.postMessage({ accord: true, id: msg.id, exitCode, stdout, stderr: stderr + extra });
  };
  try {
    createXmllint({
      inputFiles: msg.files,
      arguments: msg.args,
      wasmMemory: new WebAssembly.Memory({ initial: 256, maximum: msg.maxPages }),
      print: (t) => {
        stdout += `${t}\n`;
      },
      printErr: (t) => {
        stderr += `${t}\n`;
      },
      onExit: (code) => answer(code),
      onAbort: (reason) => answer(-1, `WASM Abort: ${reason}`),
      instantiateWasm: (imports, done) => {
        const instance = new WebAssembly.Instance(compiled, imports);
        done(instance, compiled);
        return instance.exports;
      },
    }).catch((e) => answer(-1, String(e?.message ? e.message : e)));
  } catch (e) {
    answer(-1, String(e?.message ? e.message : e));
  }
});
