import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { compressionBomb, elementBomb } from '../../lib/saml/tamper/index.ts';
import type { Carrier, EndpointRow } from './endpoints.ts';
import { hostileXml, rootElement } from './hostile-xml.ts';
import type { OidcGenuine } from './oidc-genuine.ts';
import { bearerInputs, hostileJwts, jwtInputs, tokenForm, tokenInputs } from './oidc-inputs.ts';
import {
  BAD_PERCENT,
  enc,
  FORM,
  form,
  ODD_VALUES,
  prng,
  type Req,
  seedOf,
  wire,
  withHeader,
} from './wire.ts';

/** One request of the corpus, as the bytes that go on the wire. */
export interface HostileInput {
  label: string;
  bytes: Buffer;
  /** What a refusal must name; the request must be refused when this is set. */
  names?: RegExp;
  /** HEAD answers carry no body to explain anything with. */
  head?: boolean;
}

/** What the generators may build on: genuine documents taken from the running simulators. */
export interface Genuine {
  /** Metadata the endpoint's simulator would accept as a peer's, by simulator name. */
  peerMetadata: Map<string, string>;
  /** A genuine message per root element name (AuthnRequest from the SP, say). */
  messages: Map<string, string>;
  /** A client, tokens and an open interaction of the OP, once an RP is registered there. */
  oidc?: OidcGenuine;
}

export const MIN_INPUTS_PER_ENDPOINT = 200;

function commonInputs(row: EndpointRow, host: string, path: string): HostileInput[] {
  const out: HostileInput[] = [];
  const add = (label: string, r: Req, extra: Partial<HostileInput> = {}) =>
    out.push({ label, bytes: wire(host, r), ...extra });
  const base: Req = { method: row.method, target: path };

  for (const m of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'PROPFIND', 'FOO']) {
    if (m !== row.method) add(`method ${m}`, { method: m, target: path }, { head: m === 'HEAD' });
  }
  add('lower-case method', { method: row.method.toLowerCase(), target: path });
  add('method with a NUL', { method: `${row.method}\u0000`, target: path }, { names: /not valid HTTP/ });

  const cookies: Array<[string, string]> = [
    ['malformed flow cookie', 'accord-flow=%E0%A4%A'],
    ['lone percent flow cookie', 'accord-flow=%'],
    ['10 KB flow cookie', `accord-flow=${'f'.repeat(10_000)}`],
    ['flow cookie without value', 'accord-flow'],
    ['empty cookie pairs', '=;;; =; ;'],
    ['500 cookies', Array.from({ length: 500 }, (_, i) => `c${i}=${i}`).join('; ')],
    ['session cookies of junk', 'accord_sp_1=../../x; accord_idp_1=%00; accord_sp_0=; accord_idp_0=\u00ff'],
    ['duplicate flow cookies', 'accord-flow=a; accord-flow=b; accord-flow=%'],
    ['Latin-1 cookie bytes', 'accord-flow=\u00e9\u00ff'],
    ['quoted cookie', 'accord-flow="a;b"'],
  ];
  for (const [label, value] of cookies) add(label, { ...base, headers: [['Cookie', value]] });

  const big = 'h'.repeat(1024 * 1024 + 10);
  add('header over 1 MiB', { ...base, headers: [['X-Big', big]] }, { names: /maxHeaderBytes/ });
  add('request line over 1 MiB', { ...base, target: `${path}?q=${big}` }, { names: /maxHeaderBytes/ });
  add('2,000 headers', { ...base, headers: Array.from({ length: 2000 }, (_, i) => [`X-H${i}`, `${i}`]) });
  add(
    'control character in a header',
    { ...base, headers: [['X-Evil', 'a\u0001b']] },
    { names: /not valid HTTP/ },
  );
  add('folded header', { ...base, headers: [['X-Fold', 'a\r\n b']] });
  add('header without a colon', { ...base, headers: [['X-No-Colon', '']] });
  add('duplicate Host', { ...base, headers: [['Host', 'evil.example']] });
  add('Host of junk', {
    ...base,
    headers: [
      ['X-Forwarded-Host', '\u00ff\u00fe'],
      ['X-Forwarded-Proto', 'gopher'],
    ],
  });
  add(
    'Content-Length and Transfer-Encoding together',
    { ...base, body: '0\r\n\r\n', headers: [['Transfer-Encoding', 'chunked']] },
    { names: /not valid HTTP/ },
  );
  add('bad chunk size', {
    ...base,
    body: 'zz\r\nabc\r\n0\r\n\r\n',
    noLength: true,
    headers: [['Transfer-Encoding', 'chunked']],
  });
  add('unknown transfer coding', {
    ...base,
    body: 'abc',
    noLength: true,
    headers: [['Transfer-Encoding', 'evil']],
  });
  add(
    'negative Content-Length',
    { ...base, headers: [['Content-Length', '-1']] },
    { names: /not valid HTTP/ },
  );
  add(
    'Content-Length of letters',
    { ...base, headers: [['Content-Length', 'abc']] },
    { names: /not valid HTTP/ },
  );
  add(
    'two Content-Lengths',
    { ...base, body: 'ab', headers: [['Content-Length', '3']] },
    { names: /not valid HTTP/ },
  );
  add('gzip body of junk', {
    ...base,
    body: 'not gzip',
    contentType: FORM,
    headers: [['Content-Encoding', 'gzip']],
  });
  add('deflate body bomb', {
    ...base,
    body: deflateSync(Buffer.alloc(8 * 1024 * 1024, 0x61)),
    contentType: FORM,
    headers: [['Content-Encoding', 'deflate']],
  });
  add('unknown content coding', {
    ...base,
    body: 'a=b',
    contentType: FORM,
    headers: [['Content-Encoding', 'br, evil']],
  });
  add('Expect 100-continue', { ...base, headers: [['Expect', '100-continue']] });
  add('Expect of junk', { ...base, headers: [['Expect', 'the-unexpected']] });
  add('WebSocket upgrade', {
    ...base,
    headers: [
      ['Connection', 'Upgrade'],
      ['Upgrade', 'websocket'],
    ],
  });
  add('Range', { ...base, headers: [['Range', 'bytes=0-1,5-9999999999']] });
  add('HTTP/1.0', { ...base, version: 'HTTP/1.0' });
  add('HTTP/2.0 request line', { ...base, version: 'HTTP/2.0' });
  add('HTTP/9.9', { ...base, version: 'HTTP/9.9' });
  add('absolute-form target', { ...base, target: `http://evil.example${path}` });
  add('asterisk target', { ...base, target: '*' });
  add('space in the path', { ...base, target: `${path}/a b` });
  add('Latin-1 bytes in the path', { ...base, target: `${path}\u00ff\u00fe` });
  add('NUL in the path', { ...base, target: `${path}%00` });
  add('path traversal', { ...base, target: `${path}/../../../../etc/passwd` });
  add('encoded traversal', { ...base, target: `${path}/%2e%2e/%2e%2e/etc/passwd` });
  add('double slashes', { ...base, target: `//${path}//` });
  add('matrix parameters', { ...base, target: `${path};jsessionid=1` });
  for (const bad of BAD_PERCENT) add(`query ${bad}`, { ...base, target: `${path}?${bad}=${bad}` });
  for (const bad of BAD_PERCENT) add(`path ${bad}`, { ...base, target: `${path}${bad}` });
  add('1,000 query parameters', {
    ...base,
    target: `${path}?${Array.from({ length: 1000 }, (_, i) => `p${i}=${i}`).join('&')}`,
  });
  add('200 KB query', { ...base, target: `${path}?q=${'q'.repeat(200_000)}` });
  add('bracket query keys', {
    ...base,
    target: `${path}?a[b][c]=1&a[]=2&__proto__[x]=1&constructor[prototype][y]=1`,
  });
  add('body on a GET', { method: 'GET', target: path, body: 'a=b', contentType: FORM });
  add('2 MB body of junk', {
    ...base,
    body: Buffer.alloc(2 * 1024 * 1024, 0x7a),
    contentType: 'application/octet-stream',
  });
  add('multipart of junk', {
    ...base,
    body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--',
    contentType: 'multipart/form-data; boundary=x',
  });
  add('JSON of junk', { ...base, body: '{"a":', contentType: 'application/json' });
  add('XML of junk', { ...base, body: '<a', contentType: 'application/xml' });
  add('form in UTF-16', {
    ...base,
    body: Buffer.from('a=b', 'utf16le'),
    contentType: `${FORM}; charset=utf-16`,
  });
  add('unknown charset', { ...base, body: 'a=b', contentType: 'text/plain; charset=evil-8' });
  add('content type of junk', { ...base, body: 'a=b', contentType: ';;;/\u00ff' });
  return out;
}

/** A SAML parameter's value as the binding carries it (the caller percent-encodes). */
function encodeMessage(xml: string | Buffer, binding: 'redirect' | 'post'): string {
  const bytes = Buffer.isBuffer(xml) ? xml : Buffer.from(xml, 'utf8');
  return (binding === 'redirect' ? deflateRawSync(bytes) : bytes).toString('base64');
}

function samlInputs(
  row: EndpointRow,
  c: Extract<Carrier, { kind: 'saml' }>,
  host: string,
  path: string,
  genuine: Genuine,
): HostileInput[] {
  const out: HostileInput[] = [];
  const redirect = c.binding === 'redirect';
  /** The request carrying these parameters (raw: already percent-encoded, in this order). */
  const send = (
    label: string,
    pairs: Array<[string, string]>,
    extra: Partial<HostileInput> = {},
    raw = false,
  ) => {
    const query = raw ? pairs.map(([k, v]) => `${k}=${v}`).join('&') : form(pairs);
    const r: Req = redirect
      ? { method: row.method, target: `${path}?${query}` }
      : { method: row.method, target: path, body: query, contentType: FORM };
    out.push({ label, bytes: wire(host, r), ...extra });
  };

  for (const [param, root] of Object.entries(c.messages) as Array<[string, string]>) {
    const names = new RegExp(param);
    const p = (label: string) => `${param}: ${label}`;
    // Encodings that are not base64, or not of anything.
    const values: Array<[string, string, RegExp | undefined]> = [
      ['empty', '', names],
      ['spaces', '   ', names],
      ['one character', 'A', names],
      ['punctuation', '!!!!', names],
      ['padding only', '====', names],
      ['base64url alphabet', '-_-_', names],
      ['missing padding', 'QUJDRA', names],
      ['too much padding', 'QUJD=====', names],
      ['600 KB', 'A'.repeat(600_000), undefined],
      ['base64 of a few bytes', 'QUJD', names],
      [
        'base64 with line breaks',
        encodeMessage(rootElement(root), c.binding).replace(/(.{10})/g, '$1\r\n'),
        undefined,
      ],
    ];
    for (const [label, value, n] of values) send(p(label), [[param, value]], n ? { names: n } : {});
    for (const bad of BAD_PERCENT) send(p(`percent ${bad}`), [[param, bad]], {}, true);
    // Compression: not DEFLATE, the wrong DEFLATE, and bombs.
    const junk = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 131) % 256));
    if (redirect) {
      send(p('not DEFLATE'), [[param, junk.toString('base64')]], { names });
      send(p('zlib-wrapped'), [[param, deflateSync(rootElement(root)).toString('base64')]]);
      send(p('gzip'), [[param, gzipSync(rootElement(root)).toString('base64')]]);
      send(p('truncated DEFLATE'), [
        [param, deflateRawSync(rootElement(root)).subarray(0, 20).toString('base64')],
      ]);
      send(p('DEFLATE of nothing'), [[param, deflateRawSync(Buffer.alloc(0)).toString('base64')]]);
      send(p('DEFLATE of binary'), [[param, deflateRawSync(junk).toString('base64')]]);
      send(p('compression bomb, 64 MiB'), [[param, compressionBomb(64 * 1024 * 1024)]], { names });
      send(p('element bomb, 4 MiB'), [[param, elementBomb(4 * 1024 * 1024)]], { names });
    } else {
      send(p('base64 of binary'), [[param, junk.toString('base64')]]);
      send(
        p('300 KB once decoded'),
        [[param, encodeMessage(rootElement(root, `<!--${'c'.repeat(300_000)}-->`), 'post')]],
        { names },
      );
    }
    // Documents.
    for (const h of hostileXml(root)) {
      send(p(h.label), [[param, encodeMessage(h.xml, c.binding)]], h.names ? { names: h.names } : {});
    }
    // Parameters in the wrong number or shape.
    const ok = encodeMessage(genuine.messages.get(root) ?? rootElement(root), c.binding);
    send(p('twice'), [
      [param, ok],
      [param, ok],
    ]);
    send(p('as an array'), [[`${param}[]`, ok]]);
    send(p('as an object'), [[`${param}[a]`, ok]]);
    send(p('both SAMLRequest and SAMLResponse'), [
      ['SAMLRequest', ok],
      ['SAMLResponse', ok],
    ]);
    send(p('RelayState of 100 KB'), [
      [param, ok],
      ['RelayState', 'r'.repeat(100_000)],
    ]);
    send(p('RelayState with CRLF'), [
      [param, ok],
      ['RelayState', '/x\r\nLocation: http://evil.example'],
    ]);
    send(p('RelayState twice'), [
      [param, ok],
      ['RelayState', 'a'],
      ['RelayState', 'b'],
    ]);
    send(p('RelayState javascript'), [
      [param, ok],
      ['RelayState', 'javascript:alert(1)'],
    ]);
    send(p('RelayState to another site'), [
      [param, ok],
      ['RelayState', '//evil.example/'],
    ]);
    if (redirect) {
      send(
        p('SigAlg of junk'),
        [
          [param, ok],
          ['SigAlg', '%%%'],
          ['Signature', 'AAAA'],
        ],
        {},
        false,
      );
      send(p('unknown SigAlg'), [
        [param, ok],
        ['SigAlg', 'urn:evil'],
        ['Signature', 'AAAA'],
      ]);
      send(p('SigAlg twice'), [
        [param, ok],
        ['SigAlg', 'a'],
        ['SigAlg', 'b'],
        ['Signature', 'AAAA'],
      ]);
      send(p('Signature without SigAlg'), [
        [param, ok],
        ['Signature', 'AAAA'],
      ]);
      send(p('Signature of 100 KB'), [
        [param, ok],
        ['SigAlg', 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256'],
        ['Signature', 'A'.repeat(100_000)],
      ]);
      send(p('Signature not base64'), [
        [param, ok],
        ['SigAlg', 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256'],
        ['Signature', '!!!'],
      ]);
      send(
        p('Signature with bad percent'),
        [
          [param, ok],
          ['SigAlg', '%E0%A4%A'],
          ['Signature', '%'],
        ],
        {},
        true,
      );
    } else {
      const r = (label: string, body: string | Buffer, contentType?: string, n?: RegExp) =>
        out.push({
          label: p(label),
          bytes: wire(host, { method: row.method, target: path, body, contentType }),
          ...(n ? { names: n } : {}),
        });
      r('as JSON', JSON.stringify({ [param]: ok }), 'application/json');
      r('as text', `${param}=${ok}`, 'text/plain');
      r('without a content type', `${param}=${ok}`);
      r('in UTF-16', Buffer.from(`${param}=${ok}`, 'utf16le'), `${FORM}; charset=utf-16le`);
      r('form over 1 MiB', `${param}=${'A'.repeat(1024 * 1024 + 10)}`, FORM, /exceeds \d+ bytes/);
      r('60 fields', Array.from({ length: 60 }, (_, i) => `f${i}=${i}`).join('&'), FORM, /maxParameters/);
      r('bad percent in the form', `${param}=%E0%A4%A&RelayState=%`, FORM);
    }
    // The genuine message, mutated: characters changed, cut short, bytes inserted.
    const next = prng(seedOf(`${path} ${param}`));
    const genuineXml = genuine.messages.get(root) ?? rootElement(root);
    for (let i = 0; i < 24; i++) {
      const encoded = encodeMessage(genuineXml, c.binding);
      const at = Math.floor(next() * encoded.length);
      const kind = i % 3;
      const mutated =
        kind === 0
          ? `${encoded.slice(0, at)}${'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[Math.floor(next() * 26)]}${encoded.slice(at + 1)}`
          : kind === 1
            ? encoded.slice(0, at)
            : encodeMessage(
                `${genuineXml.slice(0, Math.floor(next() * genuineXml.length))}${String.fromCharCode(Math.floor(next() * 0x3000))}${genuineXml.slice(Math.floor(next() * genuineXml.length))}`,
                c.binding,
              );
      send(p(`mutation ${i}`), [[param, mutated]]);
    }
  }
  return out;
}

/** How the fields of a query or form carrier are sent. */
interface FieldOptions {
  inBody: boolean;
  /** Genuine values of the other fields, sent alongside the odd one. */
  base: Array<[string, string]>;
  /** Fields that carry a JWT, which also get the hostile JWTs. */
  jwts: string[];
  /** The form is read by oidc-provider (its own size limit, no field count limit). */
  provider: boolean;
}

function fieldInputs(
  row: EndpointRow,
  names: string[],
  o: FieldOptions,
  host: string,
  path: string,
  genuine: Genuine,
): HostileInput[] {
  const out: HostileInput[] = [];
  /** The odd pairs (or raw text) with the base's other fields before them. */
  const send = (
    label: string,
    pairs: Array<[string, string]>,
    extra: Partial<HostileInput> = {},
    raw?: { name: string; text: string },
  ) => {
    const odd = new Set([...pairs.map(([k]) => k.replace(/\[.*$/, '')), raw?.name]);
    const rest = o.base.filter(([k]) => !odd.has(k));
    const encoded = [rest.length ? form(rest) : '', raw?.text ?? form(pairs)].filter((x) => x).join('&');
    const r: Req = o.inBody
      ? { method: row.method, target: path, body: encoded, contentType: FORM }
      : { method: row.method, target: `${path}?${encoded}` };
    out.push({ label, bytes: wire(host, r), ...extra });
  };
  // Past five fields, each field takes every stride-th odd value, shifted by its place, so that
  // any `stride` neighbouring fields share out every value between them and the corpus stays in time.
  const stride = Math.ceil(names.length / 5);
  const mine = <T>(values: T[], at: number) => values.filter((_, j) => (j + at) % stride === 0);
  for (const [at, name] of names.entries()) {
    for (const [label, value] of mine(ODD_VALUES, at)) send(`${name}: ${label}`, [[name, value]]);
    for (const bad of mine(BAD_PERCENT, at))
      send(`${name}: percent ${bad}`, [], {}, { name, text: `${name}=${bad}` });
    send(`${name}: twice`, [
      [name, 'a'],
      [name, 'b'],
    ]);
    send(`${name}: as an array`, [[`${name}[]`, 'a']]);
    send(`${name}: as an object`, [[`${name}[k]`, 'a']]);
    send(`${name}: name only`, [], {}, { name, text: name });
    if (o.jwts.includes(name)) {
      for (const [label, value] of mine(hostileJwts(genuine), at)) send(`${name}: ${label}`, [[name, value]]);
    }
  }
  send(
    'every field odd at once',
    names.map((n) => [n, 'x'.repeat(10_000)]),
  );
  send(
    '60 fields',
    Array.from({ length: 60 }, (_, i) => [`f${i}`, `${i}`]),
    o.inBody && !o.provider ? { names: /maxParameters/ } : {},
  );
  if (o.inBody) {
    send('form over 1 MiB', [[names[0], 'A'.repeat(1024 * 1024 + 10)]], { names: /exceeds \d+ bytes/ });
    out.push({
      label: 'as JSON',
      bytes: wire(host, {
        method: row.method,
        target: path,
        body: JSON.stringify(Object.fromEntries([...o.base, ...names.map((n) => [n, 'x'])])),
        contentType: 'application/json',
      }),
    });
  }
  return out;
}

function jsonInputs(row: EndpointRow, fields: string[], host: string, path: string): HostileInput[] {
  const out: HostileInput[] = [];
  const send = (
    label: string,
    body: string | Buffer,
    contentType = 'application/json',
    extra: Partial<HostileInput> = {},
  ) =>
    out.push({ label, bytes: wire(host, { method: row.method, target: path, body, contentType }), ...extra });
  for (const body of [
    '',
    ' ',
    '{',
    '}',
    '[]',
    'null',
    '1',
    '"x"',
    'true',
    '{"a":',
    '{"a":1,}',
    "{'a':1}",
    '\u0000',
    'NaN',
    '[1,2,3]',
  ]) {
    send(`body ${JSON.stringify(body)}`, body);
  }
  send('arrays 100,000 deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  send('objects 10,000 deep', `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`);
  send(
    '__proto__ pollution',
    '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  );
  send(
    '10,000 keys',
    JSON.stringify(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]))),
  );
  send('huge number', '{"a":1e999999}');
  send('body over 1 MiB', JSON.stringify({ a: 'x'.repeat(1024 * 1024 + 10) }), 'application/json', {
    names: /exceeds \d+ bytes/,
  });
  send('as text', JSON.stringify({ a: 1 }), 'text/plain');
  send('as a form', 'a=1', FORM);
  send('as XML', '<a/>', 'application/xml');
  send('in UTF-16', Buffer.from(JSON.stringify({ a: 1 }), 'utf16le'), 'application/json; charset=utf-16');
  const odd: Array<[string, unknown]> = [
    ['null', null],
    ['number', 42],
    ['negative', -1],
    ['float', 1.5],
    ['boolean', true],
    ['array', ['a', 'b']],
    ['object', { a: { b: {} } }],
    ['empty string', ''],
    ['10 KB string', 'x'.repeat(10_000)],
    ['markup', '<script>alert(1)</script>'],
    ['NUL', '\u0000'],
    ['astral', '\u{1d54f}'.repeat(100)],
    ['loopback URL', 'http://127.0.0.1:9/'],
    ['__proto__', '__proto__'],
  ];
  for (const f of fields) {
    for (const [label, value] of odd) send(`${f}: ${label}`, JSON.stringify({ [f]: value }));
  }
  send(
    'every field a string of junk',
    JSON.stringify(Object.fromEntries(fields.map((f) => [f, '%E0%A4%A']))),
  );
  return out;
}

function xmlBodyInputs(row: EndpointRow, host: string, path: string, genuine: Genuine): HostileInput[] {
  const out: HostileInput[] = [];
  const send = (
    label: string,
    body: string | Buffer,
    contentType = 'application/xml',
    extra: Partial<HostileInput> = {},
  ) =>
    out.push({ label, bytes: wire(host, { method: row.method, target: path, body, contentType }), ...extra });
  for (const h of hostileXml('EntityDescriptor'))
    send(h.label, h.xml, 'application/xml', h.names ? { names: h.names } : {});
  const metadata = genuine.peerMetadata.get(row.simulator) ?? rootElement('EntityDescriptor');
  send('metadata over 1 MiB', `${metadata}<!--${'x'.repeat(1024 * 1024)}-->`, 'application/xml', {
    names: /exceeds \d+ bytes/,
  });
  send(
    'certificate of 500 KB',
    metadata.replace(/<ds:X509Certificate>/, `<ds:X509Certificate>${'A'.repeat(500_000)}`),
  );
  send(
    'certificate of junk',
    metadata.replace(/<ds:X509Certificate>[^<]*/g, '<ds:X509Certificate>!!notbase64'),
  );
  send(
    'entityID of 100 KB',
    metadata.replace(/entityID="[^"]*"/, `entityID="https://127.0.0.1/${'e'.repeat(100_000)}"`),
  );
  send('empty entityID', metadata.replace(/entityID="[^"]*"/, 'entityID=""'));
  send('no entityID', metadata.replace(/entityID="[^"]*"/, ''));
  send('javascript: endpoints', metadata.replace(/Location="[^"]*"/g, 'Location="javascript:alert(1)"'));
  send('no endpoints', metadata.replace(/<md:(SingleSignOnService|AssertionConsumerService)[^>]*\/>/g, ''));
  send(
    '200 entities',
    `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${Array.from({ length: 200 }, (_, i) => rootElement('EntityDescriptor').replace('corpus', `corpus-${i}`)).join('')}</md:EntitiesDescriptor>`,
  );
  for (const ct of [
    'application/json',
    FORM,
    'text/plain',
    'application/samlmetadata+xml; charset=utf-16',
    'image/png',
  ]) {
    send(`metadata as ${ct}`, metadata, ct);
  }
  send('no content type', metadata, undefined as unknown as string);
  const next = prng(seedOf(`${row.simulator} ${path}`));
  for (let i = 0; i < 40; i++) {
    const at = Math.floor(next() * metadata.length);
    const cut = Math.floor(next() * 40);
    const insert = ['<', '>', '"', '&', '&amp;', '<!--', ']]>', '\u0000', '<x>', '</md:EntityDescriptor>'][
      i % 10
    ];
    send(`mutation ${i}`, `${metadata.slice(0, at)}${insert}${metadata.slice(at + cut)}`);
  }
  return out;
}

/** Seeded junk until the endpoint has at least MIN_INPUTS_PER_ENDPOINT inputs. */
function noise(row: EndpointRow, host: string, path: string, count: number): HostileInput[] {
  const next = prng(seedOf(`noise ${row.simulator} ${row.method} ${path}`));
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
  const out: HostileInput[] = [];
  const types = [FORM, 'application/json', 'application/xml', 'text/plain', 'application/octet-stream'];
  for (let i = 0; i < count; i++) {
    const key = bytes(1 + Math.floor(next() * 12)).toString('latin1');
    const value = bytes(Math.floor(next() * 400));
    const query = `${enc(key)}=${[...value].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`;
    const withBody = row.method !== 'GET' && next() < 0.6;
    out.push({
      label: `noise ${i}`,
      bytes: wire(host, {
        method: row.method,
        target: `${path}?${query}`,
        body: withBody ? bytes(Math.floor(next() * 4000)) : undefined,
        contentType: withBody ? types[i % types.length] : undefined,
      }),
    });
  }
  return out;
}

function fieldOptions(
  c: Extract<Carrier, { kind: 'query' | 'form' }>,
  inBody: boolean,
  genuine: Genuine,
): FieldOptions {
  return { inBody, base: c.base?.(genuine) ?? [], jwts: c.jwts ?? [], provider: c.provider === true };
}

function carrierInputs(row: EndpointRow, host: string, path: string, genuine: Genuine): HostileInput[] {
  const c = row.carrier;
  switch (c.kind) {
    case 'none':
      return [];
    case 'saml':
      return samlInputs(row, c, host, path, genuine);
    case 'query':
      return fieldInputs(row, c.params, fieldOptions(c, false, genuine), host, path, genuine);
    case 'form':
      return fieldInputs(row, c.fields, fieldOptions(c, true, genuine), host, path, genuine);
    case 'json-body':
      return jsonInputs(row, c.fields, host, path);
    case 'xml-body':
      return xmlBodyInputs(row, host, path, genuine);
    case 'jwt':
      return jwtInputs(row, c, host, path, genuine);
    case 'token': {
      // Each field odd in turn, the client authenticated in the form, then the token-specific ones.
      const base = tokenForm(genuine);
      const fields = [...base.map(([k]) => k), 'refresh_token', 'client_assertion'];
      const o = { inBody: true, base, jwts: ['client_assertion'], provider: true };
      return [...tokenInputs(row, host, path, genuine), ...fieldInputs(row, fields, o, host, path, genuine)];
    }
    case 'bearer':
      return bearerInputs(row, host, path, genuine);
  }
}

/** Every hostile input for one endpoint row. */
export function inputsFor(row: EndpointRow, host: string, path: string, genuine: Genuine): HostileInput[] {
  const cookie = row.cookie?.(genuine);
  const specific = carrierInputs(row, host, path, genuine).map((i) =>
    cookie ? { ...i, bytes: withHeader(i.bytes, 'Cookie', cookie) } : i,
  );
  const all = [...commonInputs(row, host, path), ...specific];
  return all.length >= MIN_INPUTS_PER_ENDPOINT + 20
    ? all
    : [...all, ...noise(row, host, path, MIN_INPUTS_PER_ENDPOINT + 20 - all.length)];
}
