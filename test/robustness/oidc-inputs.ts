import { createHmac } from 'node:crypto';
import type { Carrier, EndpointRow } from './endpoints.ts';
import type { Genuine, HostileInput } from './inputs.ts';
import { BAD_PERCENT, FORM, form, prng, type Req, seedOf, wire } from './wire.ts';

type Json = unknown;
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64url');
const part = (v: Json) => b64(JSON.stringify(v));
const LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** A JWS in compact form: the header and payload as given, the signature as given (base64url). */
const jws = (header: Json, payload: Json, signature = '') => `${part(header)}.${part(payload)}.${signature}`;
const hs256 = (header: Json, payload: Json, key: string) => {
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
};

/** The genuine ID token's parts, or stand-ins when no OP runs. */
function genuineParts(g: Genuine): {
  raw: string;
  h: string;
  p: string;
  s: string;
  claims: Record<string, Json>;
} {
  const raw = g.oidc?.idToken ?? jws({ alg: 'RS256' }, { iss: 'https://op.invalid', sub: 'corpus' }, 'c2ln');
  const [h, p, s] = raw.split('.');
  return { raw, h, p, s, claims: JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) };
}

/**
 * JWTs no endpoint should take: not JWTs at all, unsigned (alg none), signed with the wrong kind of
 * key, headers that point elsewhere for keys, oversized or deeply nested, and claims of the wrong
 * types. Where a valid-looking token is needed, its claims are those of a logout token for the
 * genuine sign-in, so that what is wrong is the one thing changed. `withClaims` adds claims of the
 * wrong types, for an endpoint whose whole input is the token (each is refused by its signature
 * elsewhere, which the others already show).
 */
export function hostileJwts(g: Genuine, withClaims = false): Array<[string, string]> {
  const { raw, h, p, s, claims } = genuineParts(g);
  const secret = g.oidc?.clientSecret ?? 'corpus-secret';
  const logout = {
    iss: claims.iss,
    aud: claims.aud,
    iat: claims.iat,
    jti: 'corpus-jti',
    sub: claims.sub,
    sid: claims.sid,
    events: { [LOGOUT_EVENT]: {} },
  };
  const rs = { alg: 'RS256', kid: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')).kid };
  const out: Array<[string, string]> = [
    ['JWT: not a JWT', 'corpus'],
    ['JWT: empty segments', '..'],
    ['JWT: two segments', `${h}.${p}`],
    ['JWT: four segments', `${h}.${p}.${s}.x`],
    ['JWT: five segments (JWE shape)', 'a.b.c.d.e'],
    ['JWT: 10,000 dots', '.'.repeat(10_000)],
    ['JWT: segments not base64url', '!!.!!.!!'],
    ['JWT: standard base64 with padding', Buffer.from(raw).toString('base64')],
    ['JWT: a space inside', `${h}. ${p}.${s}`],
    ['JWT: a NUL inside', `${h}.${p}\u0000.${s}`],
    ['JWT: Latin-1 inside', `${h}\u00e9.${p}.${s}`],
    ['JWT: header not JSON', `${b64('{')}.${p}.${s}`],
    ['JWT: header null', `${b64('null')}.${p}.${s}`],
    ['JWT: header an array', `${b64('[]')}.${p}.${s}`],
    ['JWT: header a string', `${b64('"RS256"')}.${p}.${s}`],
    ['JWT: header without alg', jws({ typ: 'JWT' }, logout, s)],
    ['JWT: payload not JSON', `${h}.${b64('{')}.${s}`],
    ['JWT: payload null', `${h}.${b64('null')}.${s}`],
    ['JWT: payload an array', `${h}.${b64('[1,2]')}.${s}`],
    ['JWT: payload a number', `${h}.${b64('42')}.${s}`],
    [
      'JWT: payload 10,000 objects deep',
      `${h}.${b64(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`)}.${s}`,
    ],
    ['JWT: header 10,000 arrays deep', `${b64(`${'['.repeat(10_000)}${']'.repeat(10_000)}`)}.${p}.${s}`],
    [
      'JWT: header of 10,000 members',
      `${part(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`h${i}`, i])))}.${p}.${s}`,
    ],
    ['JWT: alg none, no signature', jws({ alg: 'none' }, logout)],
    ['JWT: alg none with a signature', jws({ alg: 'none' }, logout, s)],
    ['JWT: alg NONE', jws({ alg: 'NONE' }, logout)],
    ['JWT: alg none, typ logout+jwt', jws({ alg: 'none', typ: 'logout+jwt' }, logout)],
    ['JWT: HS256 keyed with the client secret', hs256({ alg: 'HS256' }, logout, secret)],
    ['JWT: HS256 keyed with nothing', hs256({ alg: 'HS256' }, logout, '')],
    ['JWT: HS256 keyed with the public key id', hs256({ alg: 'HS256', kid: rs.kid }, logout, String(rs.kid))],
    ['JWT: RS256, empty signature', jws(rs, logout)],
    ['JWT: RS256, signature of junk', jws(rs, logout, b64('junk'))],
    ['JWT: RS256, signature of 100 KB', jws(rs, logout, 'A'.repeat(100_000))],
    ['JWT: genuine signature, claims replaced', `${h}.${part(logout)}.${s}`],
    ['JWT: genuine ID token', raw],
    ['JWT: genuine, signature cut short', `${h}.${p}.${s.slice(0, s.length >> 1)}`],
    ['JWT: genuine, signature changed', `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`],
    ['JWT: alg unknown', jws({ alg: 'XX999' }, logout, s)],
    ['JWT: alg of 10 KB', jws({ alg: 'R'.repeat(10_000) }, logout, s)],
    ['JWT: alg a number', jws({ alg: 256 }, logout, s)],
    ['JWT: kid path traversal', jws({ ...rs, kid: '../../../../etc/passwd' }, logout, s)],
    ['JWT: kid of 10 KB', jws({ ...rs, kid: 'k'.repeat(10_000) }, logout, s)],
    ['JWT: kid an object', jws({ ...rs, kid: { a: 1 } }, logout, s)],
    ['JWT: jku to loopback', jws({ ...rs, jku: 'http://127.0.0.1:9/jwks' }, logout, s)],
    ['JWT: x5u to loopback', jws({ ...rs, x5u: 'http://127.0.0.1:9/cert' }, logout, s)],
    ['JWT: embedded jwk', jws({ ...rs, jwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB' } }, logout, s)],
    ['JWT: x5c of junk', jws({ ...rs, x5c: ['!!!', 'AAAA'] }, logout, s)],
    ['JWT: crit unknown', jws({ ...rs, crit: ['corpus'] }, logout, s)],
    ['JWT: crit not an array', jws({ ...rs, crit: 'corpus' }, logout, s)],
    ['JWT: typ an ID token would not have', jws({ ...rs, typ: 'at+jwt' }, logout, s)],
    ['JWT: zip', jws({ ...rs, zip: 'DEF' }, logout, s)],
    ['JWT: payload of 100 KB', jws(rs, { ...logout, pad: 'x'.repeat(100_000) }, s)],
  ];
  const wrongTypes: Array<[string, Record<string, Json>]> = [
    ['iss a number', { iss: 1 }],
    ['iss an array', { iss: [claims.iss, 'https://evil.example'] }],
    ['aud an object', { aud: { a: 1 } }],
    ['aud an empty array', { aud: [] }],
    ['iat a string', { iat: 'yesterday' }],
    ['iat huge', { iat: 1e308 }],
    ['iat negative', { iat: -1 }],
    ['exp an array', { exp: [] }],
    ['exp a float', { exp: 1.5 }],
    ['events a string', { events: 'logout' }],
    ['events an array', { events: [LOGOUT_EVENT] }],
    ['events with the event a string', { events: { [LOGOUT_EVENT]: 'x' } }],
    ['events empty', { events: {} }],
    ['sub an object', { sub: { id: 1 } }],
    ['sub of 10 KB', { sub: 's'.repeat(10_000) }],
    ['sid an array', { sid: [claims.sid] }],
    ['sub and sid absent', { sub: undefined, sid: undefined }],
    ['a nonce', { nonce: 'corpus-nonce' }],
    ['__proto__', JSON.parse('{"__proto__":{"polluted":true}}')],
  ];
  if (!withClaims) return out;
  for (const [label, change] of wrongTypes) {
    const payload = { ...logout, ...change };
    out.push([`JWT claims: ${label}`, jws(rs, payload, s)]);
    out.push([`JWT claims: ${label}, alg none`, jws({ alg: 'none' }, payload)]);
  }
  return out;
}

/** The first few of hostileJwts are no JWT at all: a refusal of those names the parameter. */
const NOT_A_JWT = 8;

/** A JWT carrier's parameter: each hostile JWT, the parameter in the wrong shape, the genuine one mutated. */
export function jwtInputs(
  row: EndpointRow,
  c: Extract<Carrier, { kind: 'jwt' }>,
  host: string,
  path: string,
  g: Genuine,
): HostileInput[] {
  const out: HostileInput[] = [];
  const base = c.base?.(g) ?? [];
  const request = (body: string): Req =>
    c.binding === 'form'
      ? { method: row.method, target: path, body, contentType: FORM }
      : { method: row.method, target: `${path}?${body}` };
  const send = (label: string, pairs: Array<[string, string]>, extra: Partial<HostileInput> = {}) =>
    out.push({ label, bytes: wire(host, request(form([...base, ...pairs]))), ...extra });
  const names = new RegExp(c.param);
  for (const [i, [label, value]] of hostileJwts(g, true).entries())
    send(label, [[c.param, value]], i < NOT_A_JWT ? { names } : {});
  send('empty', [[c.param, '']], { names });
  send('twice', [
    [c.param, genuineParts(g).raw],
    [c.param, genuineParts(g).raw],
  ]);
  send('as an array', [[`${c.param}[]`, genuineParts(g).raw]]);
  send('as an object', [[`${c.param}[a]`, genuineParts(g).raw]]);
  for (const bad of BAD_PERCENT)
    out.push({ label: `percent ${bad}`, bytes: wire(host, request(`${c.param}=${bad}`)) });
  out.push({ label: 'name only', bytes: wire(host, request(c.param)), names });
  if (c.binding === 'form') {
    const raw = `${c.param}=${genuineParts(g).raw}`;
    const r = (
      label: string,
      body: string | Buffer,
      contentType?: string,
      extra: Partial<HostileInput> = {},
    ) =>
      out.push({
        label,
        bytes: wire(host, { method: row.method, target: path, body, contentType }),
        ...extra,
      });
    r('as JSON', JSON.stringify({ [c.param]: genuineParts(g).raw }), 'application/json');
    r('as text', raw, 'text/plain');
    r('without a content type', raw);
    r('in UTF-16', Buffer.from(raw, 'utf16le'), `${FORM}; charset=utf-16le`);
    r('an empty form', '', FORM);
    out.push({
      label: 'in the query, not the form',
      bytes: wire(host, { method: row.method, target: `${path}?${raw}`, body: '', contentType: FORM }),
    });
    r('form over 1 MiB', `${c.param}=${'A'.repeat(1024 * 1024 + 10)}`, FORM, { names: /exceeds \d+ bytes/ });
  }
  // The genuine token, mutated: a character changed, cut short, a segment swapped.
  const next = prng(seedOf(`jwt ${row.simulator} ${path}`));
  const raw = genuineParts(g).raw;
  for (let i = 0; i < 24; i++) {
    const at = Math.floor(next() * raw.length);
    const mutated =
      i % 3 === 0
        ? `${raw.slice(0, at)}${'ABCDEFGHIJKLMNOPQRSTUVWXYZ-_.'[Math.floor(next() * 29)]}${raw.slice(at + 1)}`
        : i % 3 === 1
          ? raw.slice(0, at)
          : raw.split('.').reverse().join('.');
    send(`mutation ${i}`, [[c.param, mutated]]);
  }
  return out;
}

const basic = (s: string | Buffer) => `Basic ${Buffer.from(s).toString('base64')}`;

/**
 * The token endpoint (RFC 6749 2.3.1, 4.1.3; RFC 7636 4.5): the client authenticating wrongly by
 * Basic or in the form, grants it may not use, PKCE verifiers of the wrong shape, the genuine
 * (already used) code replayed.
 */
export function tokenInputs(row: EndpointRow, host: string, path: string, g: Genuine): HostileInput[] {
  const o = g.oidc;
  const id = o?.clientId ?? 'corpus-rp';
  const secret = o?.clientSecret ?? 'corpus-secret';
  const grant = tokenForm(g).slice(0, 4);
  const post = tokenForm(g).slice(4);
  const out: HostileInput[] = [];
  const send = (label: string, pairs: Array<[string, string]>, authorization?: string | string[]) => {
    const headers = ([] as string[])
      .concat(authorization ?? [])
      .map((v): [string, string] => ['Authorization', v]);
    out.push({
      label,
      bytes: wire(host, { method: row.method, target: path, body: form(pairs), contentType: FORM, headers }),
    });
  };
  const good = basic(`${id}:${secret}`);
  const auths: Array<[string, string | string[] | undefined]> = [
    ['no client authentication', undefined],
    ['Basic alone', 'Basic'],
    ['Basic and a space', 'Basic '],
    ['Basic not base64', 'Basic !!!'],
    ['Basic without a colon', basic(id)],
    ['Basic of a colon', basic(':')],
    ['Basic without a secret', basic(`${id}:`)],
    ['Basic without an id', basic(`:${secret}`)],
    ['Basic with a wrong secret', basic(`${id}:wrong`)],
    ['Basic with bad percent in the id', basic(`%E0%A4%A:${secret}`)],
    ['Basic with a lone percent in the secret', basic(`${id}:%`)],
    ['Basic of 100 KB', basic(`${'a'.repeat(100_000)}:x`)],
    ['Basic of Latin-1 bytes', basic(Buffer.from([0xe9, 0xff, 0x3a, 0xfe]))],
    ['Basic of NULs', basic('\u0000:\u0000')],
    ['Basic with three colons', basic(`${id}:${secret}:x:y`)],
    ['Basic with two spaces', `Basic  ${Buffer.from(`${id}:${secret}`).toString('base64')}`],
    ['basic in lower case', `basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`],
    ['Bearer instead of Basic', `Bearer ${Buffer.from(`${id}:${secret}`).toString('base64')}`],
    ['Digest', 'Digest username="corpus", response="x"'],
    ['two Authorization headers', [good, basic(`${id}:wrong`)]],
  ];
  for (const [label, auth] of auths) send(`client auth: ${label}`, grant, auth);
  send('client auth: Basic and the secret in the form too', [...grant, ...post], good);
  send('client auth: the secret in the form, wrong', [
    ...grant,
    ['client_id', id],
    ['client_secret', 'wrong'],
  ]);
  send(
    'client auth: client_id in the form differs from Basic',
    [...grant, ['client_id', 'someone-else']],
    good,
  );
  send('client auth: an assertion of junk', [
    ...grant,
    ['client_id', id],
    ['client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'],
    ['client_assertion', 'a.b.c'],
  ]);
  send('client auth: assertion type of junk', [
    ...grant,
    ['client_assertion_type', 'urn:evil'],
    ['client_assertion', 'x'],
  ]);
  const grants: Array<[string, Array<[string, string]>]> = [
    ['the genuine code replayed', grant],
    [
      'a refresh token of junk',
      [
        ['grant_type', 'refresh_token'],
        ['refresh_token', 'junk'],
      ],
    ],
    ['a refresh token absent', [['grant_type', 'refresh_token']]],
    ['client_credentials', [['grant_type', 'client_credentials']]],
    [
      'password',
      [
        ['grant_type', 'password'],
        ['username', 'kim'],
        ['password', 'x'],
      ],
    ],
    [
      'device_code',
      [
        ['grant_type', 'urn:ietf:params:oauth:grant-type:device_code'],
        ['device_code', 'x'],
      ],
    ],
    [
      'jwt-bearer',
      [
        ['grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer'],
        ['assertion', 'a.b.c'],
      ],
    ],
    [
      'token-exchange',
      [
        ['grant_type', 'urn:ietf:params:oauth:grant-type:token-exchange'],
        ['subject_token', 'x'],
      ],
    ],
    ['implicit', [['grant_type', 'implicit']]],
    ['no grant_type', grant.slice(1)],
    [
      'a redirect_uri other than the registered',
      [...grant.filter(([k]) => k !== 'redirect_uri'), ['redirect_uri', 'http://127.0.0.1:9/cb']],
    ],
    ['no redirect_uri', grant.filter(([k]) => k !== 'redirect_uri')],
  ];
  for (const [label, pairs] of grants) send(`grant: ${label}`, pairs, good);
  const withVerifier = (v: string): Array<[string, string]> => [
    ...grant.filter(([k]) => k !== 'code_verifier'),
    ['code_verifier', v],
  ];
  const verifiers: Array<[string, string]> = [
    ['one character', 'a'],
    ['42 characters', 'v'.repeat(42)],
    ['129 characters', 'v'.repeat(129)],
    ['characters outside the alphabet', '!'.repeat(43)],
    ['spaces', ' '.repeat(43)],
    ['the challenge instead', o?.codeChallenge ?? 'c'.repeat(43)],
    ['100 KB', 'v'.repeat(100_000)],
  ];
  for (const [label, v] of verifiers) send(`PKCE: verifier ${label}`, withVerifier(v), good);
  send('PKCE: verifier twice', [...grant, ['code_verifier', 'v'.repeat(43)]], good);
  send(
    'PKCE: no verifier',
    grant.filter(([k]) => k !== 'code_verifier'),
    good,
  );
  send('PKCE: a challenge in the token request', [...grant, ['code_challenge', 'c'.repeat(43)]], good);
  out.push({
    label: 'as JSON',
    bytes: wire(host, {
      method: row.method,
      target: path,
      body: JSON.stringify(Object.fromEntries([...grant, ...post])),
      contentType: 'application/json',
      headers: [['Authorization', good]],
    }),
  });
  out.push({
    label: 'in the query',
    bytes: wire(host, {
      method: row.method,
      target: `${path}?${form([...grant, ...post])}`,
      body: '',
      contentType: FORM,
    }),
  });
  return out;
}

/** A token request whose client authenticates in the form: the base for each field odd in turn. */
export function tokenForm(g: Genuine): Array<[string, string]> {
  const o = g.oidc;
  return [
    ['grant_type', 'authorization_code'],
    ['code', o?.code ?? 'corpus-code'],
    ['redirect_uri', o?.redirectUri ?? 'http://127.0.0.1/callback'],
    ['code_verifier', o?.codeVerifier ?? 'corpus-verifier'],
    ['client_id', o?.clientId ?? 'corpus-rp'],
    ['client_secret', o?.clientSecret ?? 'corpus-secret'],
  ];
}

/**
 * An access token as a bearer (RFC 6750 2): absent, malformed, someone else's kind of token, too
 * long, sent two ways at once; then each hostile JWT as the token.
 */
export function bearerInputs(row: EndpointRow, host: string, path: string, g: Genuine): HostileInput[] {
  const token = g.oidc?.accessToken ?? 'corpus-token';
  const out: HostileInput[] = [];
  const send = (label: string, r: Partial<Req>) =>
    out.push({ label, bytes: wire(host, { method: row.method, target: path, ...r }) });
  const header = (label: string, ...values: string[]) =>
    send(`Authorization: ${label}`, { headers: values.map((v): [string, string] => ['Authorization', v]) });
  header('absent');
  header('Bearer alone', 'Bearer');
  header('Bearer and a space', 'Bearer ');
  header('two spaces', `Bearer  ${token}`);
  header('lower-case scheme', `bearer ${token}`);
  header('the token and more', `Bearer ${token}x`);
  header('the token cut short', `Bearer ${token.slice(0, token.length >> 1)}`);
  header('junk', 'Bearer junk');
  header('100 KB', `Bearer ${'a'.repeat(100_000)}`);
  header('the ID token', `Bearer ${g.oidc?.idToken ?? 'a.b.c'}`);
  header('Basic', basic('corpus:x'));
  header('DPoP', `DPoP ${token}`);
  header('two tokens in one', `Bearer ${token}, Bearer junk`);
  header('Latin-1', 'Bearer \u00e9\u00ff');
  header('twice', `Bearer ${token}`, 'Bearer junk');
  header('a token of bad characters', 'Bearer <script>');
  send('header and query', {
    target: `${path}?access_token=${encodeURIComponent(token)}`,
    headers: [['Authorization', `Bearer ${token}`]],
  });
  send('query: the token', { target: `${path}?access_token=${encodeURIComponent(token)}` });
  send('query: twice', { target: `${path}?access_token=a&access_token=b` });
  send('query: empty', { target: `${path}?access_token=` });
  for (const bad of BAD_PERCENT) send(`query: percent ${bad}`, { target: `${path}?access_token=${bad}` });
  if (row.method === 'POST') {
    const body = form([['access_token', token]]);
    send('form: the token', { body, contentType: FORM });
    send('form and header', { body, contentType: FORM, headers: [['Authorization', `Bearer ${token}`]] });
    send('form: twice', { body: `${body}&${body}`, contentType: FORM });
    send('form: bad percent', { body: 'access_token=%E0%A4%A', contentType: FORM });
    send('form as JSON', { body: JSON.stringify({ access_token: token }), contentType: 'application/json' });
    send('form in an unknown charset', { body, contentType: `${FORM}; charset=evil-8` });
    send('form of 100 KB', { body: form([['access_token', 'a'.repeat(100_000)]]), contentType: FORM });
  }
  for (const [label, jwt] of hostileJwts(g)) header(label, `Bearer ${jwt}`);
  return out;
}
