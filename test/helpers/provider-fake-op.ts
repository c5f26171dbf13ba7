// A tiny OpenID provider for the provider adapter's tests: discovery, JWKS, an
// authorization endpoint that redirects straight back with a code (no pages),
// token and userinfo. It behaves correctly by default (PKCE S256, client_secret_basic
// or _post, single-use codes, RS256 ID tokens) and each test bends one thing through
// `op.behaviour`. `op.counts` says which endpoints were called and how often.
// Loopback only, fictional data.
import { createHash, KeyObject, randomBytes, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface FakeKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface IdTokenContext {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** Signs with `key` (default: the current signing key), using header.alg. */
  sign(header: Record<string, unknown>, claims: Record<string, unknown>, key?: FakeKey | Uint8Array): Promise<string>;
}

export interface TokenRequestContext {
  body: URLSearchParams;
  headers: IncomingMessage['headers'];
}

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakeOpBehaviour {
  /** Edit the discovery document. */
  discovery?: (doc: Record<string, unknown>) => Record<string, unknown>;
  /** Replace the discovery response altogether. */
  discoveryReply?: () => Reply;
  /** 'hang' never answers; a function may answer instead of the normal handler (return undefined to continue). */
  token?: 'hang' | ((ctx: TokenRequestContext) => Reply | undefined);
  /** Build the ID token: return a compact JWT, or undefined to send none. Default: ctx.sign(ctx.header, ctx.claims). */
  idToken?: (ctx: IdTokenContext) => Promise<string | undefined> | string | undefined;
  /** Edit the userinfo claims, or answer with a Reply; 'hang' never answers. */
  userinfo?: 'hang' | ((claims: Record<string, unknown>) => Record<string, unknown> | Reply | Promise<Reply>);
  /** Omit `iss` from the authorization response. */
  omitIssInAuthResponse?: boolean;
}

export type Endpoint = 'discovery' | 'jwks' | 'authorize' | 'token' | 'userinfo' | 'other';

export interface FakeOp {
  issuer: string;
  port: number;
  clientId: string;
  clientSecret: string;
  counts: Record<Endpoint, number>;
  behaviour: FakeOpBehaviour;
  /** The claims released for the signed-in subject (ID token and userinfo). */
  subjectClaims: Record<string, unknown>;
  signingKey: FakeKey;
  /** Signs a JWT like the token endpoint does (default key: signingKey). */
  sign: IdTokenContext['sign'];
  /** Keys served at jwks_uri. */
  published: FakeKey[];
  newKey(alg?: string, kid?: string): Promise<FakeKey>;
  /** A new signing key; `keepOld` keeps the previous one published too. */
  rotate(options?: { alg?: string; keepOld?: boolean }): Promise<FakeKey>;
  /** Requests the authorization URL and returns the redirect back to the client. */
  authorize(authorizationUrl: URL): Promise<URL>;
  resetCounts(): void;
  close(): Promise<void>;
}

export interface FakeOpOptions {
  /** Default 0 (any free port). */
  port?: number;
  clientId?: string;
  clientSecret?: string;
  subjectClaims?: Record<string, unknown>;
  /** Advertise RFC 9207 `iss` support (default true). */
  issParameterSupported?: boolean;
}

let keyCounter = 0;

export async function makeKey(alg = 'RS256', kid = `fake-${alg.toLowerCase()}-${++keyCounter}`): Promise<FakeKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/**
 * A JWS signed without jose's header checks (jose refuses to produce e.g. a `crit`
 * it does not understand). RS256 keys only.
 */
export function rawRs256Jwt(header: Record<string, unknown>, claims: Record<string, unknown>, key: FakeKey): string {
  const input = `${b64url({ ...header, alg: 'RS256' })}.${b64url(claims)}`;
  const signature = sign('sha256', Buffer.from(input), KeyObject.from(key.privateKey));
  return `${input}.${signature.toString('base64url')}`;
}

/** An unsigned JWT (`alg: none`). */
export function unsignedJwt(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  return `${b64url({ ...header, alg: 'none' })}.${b64url(claims)}.`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, reply: Reply): void {
  const json = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': typeof reply.body === 'string' ? 'text/plain' : 'application/json',
    'cache-control': 'no-store',
    ...reply.headers,
  });
  res.end(json);
}

interface IssuedCode {
  clientId: string;
  redirectUri: string;
  nonce: string | null;
  codeChallenge: string | null;
  used: boolean;
}

export const DEFAULT_FAKE_CLAIMS: Readonly<Record<string, unknown>> = Object.freeze({
  sub: 'fake-subject-1',
  family_name: 'Тестова',
  given_name: 'Анна',
  middle_name: 'Ивановна',
  birthdate: '1990-04-05',
  gender: 'female',
  email: 'anna.testova@example.ru',
  email_verified: true,
  phone_number: '+79990009901',
  phone_number_verified: true,
  'urn:esia:sbj': { 'urn:esia:sbj:typ': 'P', 'urn:esia:sbj:oid': 'fake-subject-1', 'urn:esia:sbj:is_tru': true },
});

export async function startFakeOp(options: FakeOpOptions = {}): Promise<FakeOp> {
  const clientId = options.clientId ?? 'fake-client';
  const clientSecret = options.clientSecret ?? 'fake-secret';
  const codes = new Map<string, IssuedCode>();
  const accessTokens = new Map<string, string>();
  const sockets = new Set<Socket>();
  let issuer = '';

  const op: FakeOp = {
    issuer: '',
    port: 0,
    clientId,
    clientSecret,
    counts: { discovery: 0, jwks: 0, authorize: 0, token: 0, userinfo: 0, other: 0 },
    behaviour: {},
    subjectClaims: structuredClone({ ...DEFAULT_FAKE_CLAIMS, ...options.subjectClaims }) as Record<string, unknown>,
    signingKey: await makeKey('RS256'),
    sign: (header, claims, key) => signJwt(header, claims, key),
    published: [],
    newKey: (alg, kid) => makeKey(alg, kid),
    async rotate({ alg = 'RS256', keepOld = true } = {}) {
      const key = await makeKey(alg);
      op.published = keepOld ? [...op.published, key] : [key];
      op.signingKey = key;
      return key;
    },
    async authorize(authorizationUrl) {
      const response = await fetch(authorizationUrl, { redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status !== 302 || !location) throw new Error(`fake OP authorize answered ${response.status}`);
      return new URL(location);
    },
    resetCounts() {
      for (const key of Object.keys(op.counts) as Endpoint[]) op.counts[key] = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  op.published = [op.signingKey];

  function discoveryDocument(): Record<string, unknown> {
    const doc: Record<string, unknown> = {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      authorization_response_iss_parameter_supported: options.issParameterSupported ?? true,
      scopes_supported: ['openid', 'profile', 'email', 'phone', 'esia'],
    };
    return op.behaviour.discovery ? op.behaviour.discovery(doc) : doc;
  }

  function authorize(url: URL, res: ServerResponse): void {
    const q = url.searchParams;
    const redirectUri = q.get('redirect_uri');
    if (q.get('client_id') !== clientId || !redirectUri) return send(res, { status: 400, body: 'bad client' });
    const code = randomBytes(16).toString('base64url');
    codes.set(code, {
      clientId,
      redirectUri,
      nonce: q.get('nonce'),
      codeChallenge: q.get('code_challenge_method') === 'S256' ? q.get('code_challenge') : null,
      used: false,
    });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    const state = q.get('state');
    if (state !== null) back.searchParams.set('state', state);
    if (!op.behaviour.omitIssInAuthResponse) back.searchParams.set('iss', issuer);
    res.writeHead(302, { location: back.href }).end();
  }

  function clientAuthenticated(req: IncomingMessage, body: URLSearchParams): boolean {
    const header = req.headers.authorization;
    if (header?.startsWith('Basic ')) {
      const [id, secret] = Buffer.from(header.slice(6), 'base64').toString('utf8').split(':').map((part) =>
        decodeURIComponent(part.replaceAll('+', ' ')),
      );
      return id === clientId && secret === clientSecret;
    }
    return body.get('client_id') === clientId && body.get('client_secret') === clientSecret;
  }

  async function signJwt(
    header: Record<string, unknown>,
    claims: Record<string, unknown>,
    key: FakeKey | Uint8Array = op.signingKey,
  ): Promise<string> {
    const alg = String(header.alg);
    const secret = key instanceof Uint8Array ? key : key.privateKey;
    return new SignJWT(claims).setProtectedHeader({ ...header, alg }).sign(secret);
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = new URLSearchParams(await readBody(req));
    const behaviour = op.behaviour.token;
    if (behaviour === 'hang') return; // never answered; the socket is destroyed on close()
    const override = behaviour?.({ body, headers: req.headers });
    if (override) return send(res, override);

    if (!clientAuthenticated(req, body)) return send(res, { status: 401, body: { error: 'invalid_client' } });
    if (body.get('grant_type') !== 'authorization_code') {
      return send(res, { status: 400, body: { error: 'unsupported_grant_type' } });
    }
    const code = codes.get(body.get('code') ?? '');
    if (!code || code.used) return send(res, { status: 400, body: { error: 'invalid_grant' } });
    code.used = true;
    if (body.get('redirect_uri') !== code.redirectUri) return send(res, { status: 400, body: { error: 'invalid_grant' } });
    const verifier = body.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (code.codeChallenge === null || challenge !== code.codeChallenge) {
      return send(res, { status: 400, body: { error: 'invalid_grant' } });
    }

    const accessToken = randomBytes(16).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      ...op.subjectClaims,
      iss: issuer,
      aud: clientId,
      iat: now,
      exp: now + 300,
      ...(code.nonce === null ? {} : { nonce: code.nonce }),
    };
    accessTokens.set(accessToken, String(op.subjectClaims.sub));
    const header = { alg: op.signingKey.alg, kid: op.signingKey.kid, typ: 'JWT' };
    const ctx: IdTokenContext = { header, claims, sign: signJwt };
    const idToken = op.behaviour.idToken ? await op.behaviour.idToken(ctx) : await signJwt(header, claims);
    send(res, {
      status: 200,
      body: {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: 300,
        ...(idToken === undefined ? {} : { id_token: idToken }),
      },
    });
  }

  async function userinfo(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const header = req.headers.authorization ?? '';
    const subject = header.startsWith('Bearer ') ? accessTokens.get(header.slice(7)) : undefined;
    if (subject === undefined) {
      return send(res, {
        status: 401,
        body: { error: 'invalid_token' },
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
    }
    const behaviour = op.behaviour.userinfo;
    if (behaviour === 'hang') return;
    const claims = { ...op.subjectClaims };
    const result = behaviour ? await behaviour(claims) : claims;
    if ('status' in result && typeof result.status === 'number' && 'body' in result) return send(res, result as Reply);
    send(res, { status: 200, body: result });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake-op.invalid');
    switch (url.pathname) {
      case '/.well-known/openid-configuration':
        op.counts.discovery += 1;
        return send(res, op.behaviour.discoveryReply?.() ?? { status: 200, body: discoveryDocument() });
      case '/jwks':
        op.counts.jwks += 1;
        return send(res, { status: 200, body: { keys: op.published.map((k) => k.publicJwk) } });
      case '/authorize':
        op.counts.authorize += 1;
        return authorize(url, res);
      case '/token':
        op.counts.token += 1;
        if (req.method !== 'POST') return send(res, { status: 405, body: 'POST only' });
        return token(req, res);
      case '/userinfo':
        op.counts.userinfo += 1;
        return userinfo(req, res);
      default:
        op.counts.other += 1;
        return send(res, { status: 404, body: 'not found' });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: String(error) });
      else res.end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  op.port = (server.address() as AddressInfo).port;
  issuer = `http://127.0.0.1:${op.port}`;
  op.issuer = issuer;
  return op;
}

export { freePort } from './free-port.js';
