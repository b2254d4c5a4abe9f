import assert from 'node:assert/strict';
import { connect, createServer } from 'node:net';
import { after, test } from 'node:test';
import { CookieJar, request, signIn } from './cli-browserless-login.ts';
import { SimProcess } from './cli-sim-process.ts';

/*
 * `accord sim pair` and `--trust`: a person's click-through, done by an HTTP client. A pair that
 * did not trust each other, a start page without the users, or a trace page without the decoded
 * messages fails here.
 */

const ALICE = { username: 'alice.nguyen', password: 'Adfs-Alice-1', email: 'alice.nguyen@corp.example.com' };
const running: SimProcess[] = [];
after(async () => {
  await Promise.all(running.map((p) => p.stop()));
});

function sim(args: string[]): SimProcess {
  const p = new SimProcess(args);
  running.push(p);
  return p;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolvePort(port));
    });
  });
}

const decode = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

test('sim pair: one command gives an IdP and SP that sign a user in, with users, an IdP-initiated link and decoded traces', async () => {
  const pair = sim(['pair', '--scenario', 'scenarios/adfs.yaml', '--state', 'memory']);
  const idpUrl = (await pair.waitFor(/^IdP \(adfs\): (http\S+?)\/ /m))[1];
  const spUrl = (await pair.waitFor(/^SP: {2}(http\S+?)\/ /m))[1];
  await pair.waitFor(/each trusts the other/);

  const start = await request(new CookieJar(), `${idpUrl}/`);
  assert.match(
    start.body,
    /<table id="test-users">.*alice\.nguyen.*Adfs-Alice-1/s,
    'the start page lists the test users',
  );
  const idpInit = /<ul id="trusted-sps">.*?href="([^"]+)">sign in to it \(IdP-initiated\)/s.exec(start.body);
  assert.ok(idpInit, `the start page links an IdP-initiated sign-in to the trusted SP:\n${start.body}`);

  const signedIn = await signIn(`${spUrl}/login`, ALICE);
  assert.equal(signedIn.status, 200, signedIn.body.slice(0, 500));
  assert.match(signedIn.url, /\/me\b/);
  assert.match(signedIn.body, new RegExp(ALICE.email.replace(/\./g, '\\.')));

  // The IdP already has a session: its IdP-initiated link goes straight to an auto-posted Response.
  const unsolicited = await request(signedIn.jar, decode(idpInit[1]));
  assert.match(unsolicited.body, /name="SAMLResponse"/, unsolicited.body.slice(0, 500));

  const spTrace = await request(signedIn.jar, `${spUrl}/__accord/trace/view`);
  assert.equal(spTrace.status, 200);
  assert.match(spTrace.body, /<svg\b/, 'a sequence diagram');
  assert.match(decode(spTrace.body), /<samlp:AuthnRequest\b/, 'the AuthnRequest it sent, decoded');
  assert.match(
    decode(spTrace.body),
    /\n\s+<saml:Assertion\b/,
    'the Response it received, decoded and indented',
  );
  const idpTrace = await request(signedIn.jar, `${idpUrl}/__accord/trace/view?n=100`);
  assert.match(decode(idpTrace.body), /<samlp:AuthnRequest\b/);
  assert.match(decode(idpTrace.body), /<samlp:Response\b/);
  const bad = await request(signedIn.jar, `${idpUrl}/__accord/trace/view?n=zero`);
  assert.equal(bad.status, 400);
  assert.match(bad.body, /n must be a whole number/);
});

test('--trust: an IdP started before its SP trusts it once it answers, and again after a restart', async () => {
  const [idpPort, spPort] = [await freePort(), await freePort()];
  const idpArgs = [
    'idp',
    '--scenario',
    'scenarios/adfs.yaml',
    '--port',
    String(idpPort),
    '--state',
    'memory',
  ];
  const spMetadata = `http://127.0.0.1:${spPort}/metadata`;
  let idp = sim([...idpArgs, '--trust', spMetadata]);
  await idp.waitFor(/waiting for http:\/\/127\.0\.0\.1:\d+\/metadata \(connection refused/);
  const sp = sim([
    'sp',
    '--port',
    String(spPort),
    '--state',
    'memory',
    '--trust',
    `http://127.0.0.1:${idpPort}/metadata`,
  ]);
  await sp.waitFor(/trusts http:\/\/127\.0\.0\.1:\d+\/adfs\/services\/trust/);
  await idp.waitFor(/trusts https:\/\/idbroker\.accord\.test\//);
  const first = await signIn(`http://127.0.0.1:${spPort}/login`, ALICE);
  assert.match(first.url, /\/me\b/, first.body.slice(0, 500));

  // A restarted IdP (state in memory: it forgot everything) trusts the SP again by itself.
  await idp.stop();
  idp = sim([...idpArgs, '--trust', spMetadata]);
  await idp.waitFor(/trusts https:\/\/idbroker\.accord\.test\//);
  const again = await signIn(`http://127.0.0.1:${spPort}/login`, ALICE);
  assert.match(again.url, /\/me\b/, again.body.slice(0, 500));
});

test('sim idp --base-url: the metadata names the given address, not the listening one', async () => {
  const idp = sim([
    'idp',
    '--scenario',
    'scenarios/ping.yaml',
    '--base-url',
    'http://localhost:18081',
    '--state',
    'memory',
  ]);
  const listening = (await idp.waitFor(/^running at (http\S+)/m))[1];
  const metadata = await request(new CookieJar(), `${listening}/metadata`);
  assert.equal(metadata.status, 200);
  const locations = [...metadata.body.matchAll(/Location="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(locations.length > 0, metadata.body.slice(0, 500));
  for (const l of locations) assert.match(l, /^http:\/\/localhost:18081\//);
  assert.doesNotMatch(metadata.body, new RegExp(listening.replace(/[.:/]/g, '\\$&')));
});

/** Whether something still listens at the URL's port: a refused connection says nothing does. */
function listening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((answer) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      answer(true);
    });
    socket.once('error', () => answer(false));
  });
}

test('sim pair with a routing scenario: every IdP of its routing entries, trusted, its rules set, email-first sign-in', async () => {
  const pingPort = await freePort();
  const pair = sim([
    'pair',
    '--scenario',
    'scenarios/multi-idp-routing.yaml',
    '--state',
    'memory',
    '--port',
    `multi-idp-routing-ping=${pingPort}`,
  ]);
  await pair.waitFor(/Ctrl-C to stop/);
  const spUrl = (await pair.waitFor(/^SP: {2}(http\S+?)\/ /m))[1];
  const simulators = [...pair.output.matchAll(/^(?:IdP|OP|SP)\b.*?(http:\/\/127\.0\.0\.1:\d+)\//gm)].map(
    (m) => m[1],
  );
  // Its own IdP, ping's, the acquired company's OP, and the SP.
  assert.equal(new Set(simulators).size, 4, pair.output);
  assert.match(pair.output, /^OP \(multi-idp-routing-acquired, routing entry "acquired"\): http/m);
  assert.match(
    pair.output,
    new RegExp(
      `^IdP \\(multi-idp-routing-ping, routing entry "ping"\\): http://127\\.0\\.0\\.1:${pingPort}/`,
      'm',
    ),
    'PingFederate on the port --port gave it',
  );
  assert.match(pair.output, new RegExp(`email-first sign-in: ${spUrl.replace(/[.:/]/g, '\\$&')}/signin\\b`));

  const jar = new CookieJar();
  const rules = JSON.parse((await request(jar, `${spUrl}/__accord/routing`)).body) as {
    rules: { name: string; idp: string; default?: boolean }[];
  };
  const idps = JSON.parse((await request(jar, `${spUrl}/__accord/routing/idps`)).body) as {
    id: string;
    kind: string;
  }[];
  const kindOf = (rule: string) => {
    const idp = rules.rules.find((r) => r.name === rule)?.idp;
    return idps.find((i) => i.id === idp)?.kind;
  };
  assert.deepEqual(
    rules.rules.map((r) => [r.name, kindOf(r.name)]),
    [
      ['Contoso', 'saml'],
      ['Webex Users', 'saml'],
      ['Acquired', 'oidc'],
      ['Default', 'identity'],
    ],
    JSON.stringify({ rules, idps }),
  );
  const byName = (rule: string) => rules.rules.find((r) => r.name === rule)?.idp;
  assert.notEqual(byName('Contoso'), byName('Webex Users'), 'Entra ID and PingFederate are two IdPs');
  const identity = JSON.parse((await request(jar, `${spUrl}/__accord/routing/identity-users`)).body) as {
    users: { email: string }[];
  };
  assert.equal(identity.users.length, 2, JSON.stringify(identity));
  for (const u of identity.users) assert.match(u.email, /@staff\.example\.net$/);

  // The example address printed for the Contoso rule signs in at Entra ID, email first.
  const example = (await pair.waitFor(/^ {2}"Contoso" .*?: (\S+@contoso\.test)\b/m))[1];
  assert.equal(example, 'b.simon@contoso.test');
  const signedIn = await signIn(`${spUrl}/signin?email=${encodeURIComponent(example)}`, {
    username: 'B.Simon',
    password: 'Contoso-BSimon-1',
  });
  assert.equal(signedIn.status, 200, signedIn.body.slice(0, 500));
  assert.match(signedIn.url, /\/me\b/);
  assert.match(signedIn.body, /b\.simon@contoso\.test/);

  assert.equal(await pair.stop(), 0, pair.output);
  for (const url of simulators) assert.equal(await listening(url), false, `${url} still listens`);
});
