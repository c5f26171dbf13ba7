// The benchmark's upstream: a minimal OpenID provider that costs little, so that a
// complete login measures the service and not the provider. Run as its own process
// (its CPU is read from /proc separately). It does what the service relies on and no
// more: discovery, JWKS, an authorization endpoint that signs the person in at once
// and redirects back with a code (RFC 9207 `iss` included), a token endpoint that
// checks the client, the redirect URI and PKCE and issues a real ES256-signed ID
// token, and userinfo. Who signs in is the `login_hint` the benchmark's browser adds
// to the authorization URL: any subject, each a fictional confirmed adult with a
// verified phone derived from its number. Not for anything but the benchmark.
//
// Environment: PORT, CLIENT_ID, CLIENT_SECRET, REDIRECT_URIS (space-separated: the
// service's callback and its hop floor's, login-floor.ts).

import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

const port = Number(process.env.PORT);
const clientId = process.env.CLIENT_ID ?? 'esia-bridge';
const clientSecret = process.env.CLIENT_SECRET ?? '';
const redirectUris = (process.env.REDIRECT_URIS ?? '').split(' ').filter(Boolean);
const issuer = `http://127.0.0.1:${port}`;
const CODE_TTL_MS = 60_000;

const { privateKey, publicKey } = await generateKeyPair('ES256');
const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'bench-1', alg: 'ES256', use: 'sig' }] });
const discovery = JSON.stringify({
  issuer,
  authorization_endpoint: `${issuer}/authorize`,
  token_endpoint: `${issuer}/token`,
  userinfo_endpoint: `${issuer}/userinfo`,
  jwks_uri: `${issuer}/jwks`,
  response_types_supported: ['code'],
  subject_types_supported: ['public'],
  id_token_signing_alg_values_supported: ['ES256'],
  token_endpoint_auth_methods_supported: ['client_secret_basic'],
  code_challenge_methods_supported: ['S256'],
  authorization_response_iss_parameter_supported: true,
});

/** client_secret_basic: both parts form-urlencoded before base64 (RFC 6749 §2.3.1). */
function clientAuthenticated(header: string | undefined): boolean {
  const [id, secret] = Buffer.from(/^Basic (.+)$/.exec(header ?? '')?.[1] ?? '', 'base64')
    .toString('utf8')
    .split(':')
    .map((part) => decodeURIComponent(part.replaceAll('+', ' ')));
  return id === clientId && secret === clientSecret;
}

interface Grant {
  subject: string;
  redirectUri: string;
  nonce: string;
  challenge: string;
  expires: number;
}

const codes = new Map<string, Grant>();
const accessTokens = new Map<string, { subject: string; expires: number }>();

/** A fictional confirmed adult; the phone is derived from the subject's trailing number. */
function claimsOf(subject: string): Record<string, unknown> {
  const n = Number(/(\d+)$/.exec(subject)?.[1] ?? 0) % 10_000_000;
  return {
    sub: subject,
    family_name: 'Нагрузкин',
    given_name: 'Тест',
    middle_name: 'Бенчевич',
    birthdate: '1990-05-17',
    gender: 'male',
    phone_number: `+7999${String(n).padStart(7, '0')}`,
    phone_number_verified: true,
    'urn:esia:sbj': { 'urn:esia:sbj:is_tru': true },
  };
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}

function authorize(url: URL, res: ServerResponse): void {
  const q = url.searchParams;
  const redirectUri = q.get('redirect_uri') ?? '';
  if (q.get('client_id') !== clientId || !redirectUris.includes(redirectUri) || q.get('code_challenge_method') !== 'S256') {
    send(res, 400, JSON.stringify({ error: 'invalid_request' }));
    return;
  }
  const code = randomBytes(24).toString('base64url');
  codes.set(code, {
    subject: q.get('login_hint') || 'bench-person-0',
    redirectUri,
    nonce: q.get('nonce') ?? '',
    challenge: q.get('code_challenge') ?? '',
    expires: Date.now() + CODE_TTL_MS,
  });
  const back = new URL(redirectUri);
  back.searchParams.set('code', code);
  back.searchParams.set('state', q.get('state') ?? '');
  back.searchParams.set('iss', issuer);
  res.writeHead(302, { location: back.href }).end();
}

async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = new URLSearchParams(await body(req));
  const grant = codes.get(form.get('code') ?? '');
  codes.delete(form.get('code') ?? '');
  const verifier = form.get('code_verifier') ?? '';
  const refusal =
    !clientAuthenticated(req.headers.authorization) ? 'client authentication' :
    form.get('grant_type') !== 'authorization_code' ? 'grant_type' :
    !grant || grant.expires < Date.now() ? 'unknown or expired code' :
    form.get('redirect_uri') !== grant.redirectUri ? 'redirect_uri' :
    createHash('sha256').update(verifier).digest('base64url') !== grant.challenge ? 'PKCE' : null;
  if (refusal !== null || !grant) {
    process.stderr.write(`token request refused: ${refusal}\n`);
    send(res, 400, JSON.stringify({ error: 'invalid_grant', error_description: refusal }));
    return;
  }
  const accessToken = randomBytes(24).toString('base64url');
  accessTokens.set(accessToken, { subject: grant.subject, expires: Date.now() + CODE_TTL_MS });
  const idToken = await new SignJWT({ nonce: grant.nonce, 'urn:esia:sbj': { 'urn:esia:sbj:is_tru': true } })
    .setProtectedHeader({ alg: 'ES256', kid: 'bench-1', typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(clientId)
    .setSubject(grant.subject)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
  send(res, 200, JSON.stringify({ access_token: accessToken, token_type: 'Bearer', expires_in: 60, id_token: idToken }));
}

function userinfo(req: IncomingMessage, res: ServerResponse): void {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const grant = accessTokens.get(bearer);
  accessTokens.delete(bearer);
  if (!grant || grant.expires < Date.now()) {
    send(res, 401, JSON.stringify({ error: 'invalid_token' }));
    return;
  }
  send(res, 200, JSON.stringify(claimsOf(grant.subject)));
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// Codes and tokens a login never used (a failed run) must not pile up.
setInterval(() => {
  const now = Date.now();
  for (const [code, grant] of codes) if (grant.expires < now) codes.delete(code);
  for (const [bearer, grant] of accessTokens) if (grant.expires < now) accessTokens.delete(bearer);
}, CODE_TTL_MS).unref();

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', issuer);
  const route = `${req.method} ${url.pathname}`;
  if (route === 'GET /.well-known/openid-configuration') return send(res, 200, discovery);
  if (route === 'GET /jwks') return send(res, 200, jwks, 'application/jwk-set+json');
  if (route === 'GET /authorize') return authorize(url, res);
  if (route === 'POST /token') return void token(req, res).catch(() => send(res, 500, '{"error":"server_error"}'));
  if (route === 'GET /userinfo') return userinfo(req, res);
  send(res, 404, '{"error":"not_found"}');
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
