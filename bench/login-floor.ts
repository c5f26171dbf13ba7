// The floor a complete login is compared with: the network hops the service makes
// for one login of a linked adult with no code step, and nothing else — a bare
// Fastify server answering the four requests LoginBrowser sends, with no client
// authentication, no token or ID-token validation, no encryption, no signing and no
// logging. Its CPU per login is what the hops alone cost on this machine. Run as its
// own process, like the service. Per login, in this order:
//
//   POST /v1/logins                Redis: SET login + SET auth (one round trip)
//   GET  /v1/logins/:id/authorize  Redis: GET login; EVAL compare-and-set login + GET auth
//                                  (one round trip); 302 to the upstream with a cookie
//   GET  /v1/callback              Redis: GET auth; GET login; GETDEL auth
//                                  upstream: POST token, GET userinfo
//                                  Postgres: one SELECT
//                                  Redis: EVAL add-member; EVAL compare-and-set login
//                                  302 to return_to with the handoff
//   POST /v1/logins/:id/claim      Redis: GET login; Postgres: one SELECT;
//                                  Redis: EVAL compare-and-set login
//
//   12 Redis commands in 10 round trips, 2 Postgres statements, 2 upstream calls,
//   4 requests: the counts the benchmark's row names (scenarios/login-vs-floor.ts);
//   when the service's hops change, change both.
//
// The values stored have the shape and size of the service's (a pending login
// 328 bytes, 340 once authorized, about 1,060 after the callback and 2,320 completed;
// a pending authorization 124). Without REDIS_URL the store is a Map, without
// DATABASE_URL there is no statement, as the service then keeps both in process.
//
// Environment: PORT, UPSTREAM_URL, CLIENT_ID, CLIENT_SECRET, REDIS_URL (optional),
// REDIS_KEY_PREFIX, DATABASE_URL (optional).

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';
// The scripts as the service sends them.
import { ADD_MEMBER, COMPARE_AND_SET } from '../src/adapters/redis/redis-store.js';

const port = Number(process.env.PORT);
const upstreamUrl = process.env.UPSTREAM_URL ?? '';
const clientId = process.env.CLIENT_ID ?? 'esia-bridge';
const prefix = process.env.REDIS_KEY_PREFIX ?? 'esia-bridge-login-floor';
const redirectUri = `http://127.0.0.1:${port}/v1/callback`;
const TTL_MS = 900_000;

// The secrets the service draws for each login are drawn once here: drawing and
// hashing them is the service's logic, not a hop. Their sizes are the service's.
const token = () => randomBytes(32).toString('base64url');
const NONCE = token();
const VERIFIER = token();
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');
const BINDER = token();
const HANDOFF = token();
// The service's encrypted personal fields, by size: the person after the callback,
// with the signed assertion once completed.
const SEALED_AFTER_CALLBACK = 'x'.repeat(555);
const SEALED_COMPLETED = 'x'.repeat(1_945);
const CLIENT_AUTHORIZATION = `Basic ${Buffer.from(`${clientId}:${encodeURIComponent(process.env.CLIENT_SECRET ?? '')}`).toString('base64')}`;

interface Store {
  set(key: string, value: string): Promise<void>;
  get(key: string): Promise<string | null>;
  take(key: string): Promise<string | null>;
  compareAndSet(key: string, expected: string, next: string): Promise<boolean>;
  addMember(key: string, member: string): Promise<void>;
  close(): Promise<void>;
}

function redisStore(url: string): Store {
  // As the service's client: the commands of one tick leave in one write.
  const redis = new Redis(url, { enableAutoPipelining: true });
  return {
    set: async (key, value) => void (await redis.set(key, value, 'PX', TTL_MS)),
    get: (key) => redis.get(key),
    take: (key) => redis.getdel(key),
    compareAndSet: async (key, expected, next) => (await redis.eval(COMPARE_AND_SET, 1, key, expected, next, TTL_MS)) === 1,
    addMember: async (key, member) => void (await redis.eval(ADD_MEMBER, 1, key, member, TTL_MS)),
    close: async () => void (await redis.quit()),
  };
}

function memoryStore(): Store {
  const values = new Map<string, string>();
  const sets = new Map<string, Set<string>>();
  return {
    set: async (key, value) => void values.set(key, value),
    get: async (key) => values.get(key) ?? null,
    async take(key) {
      const value = values.get(key) ?? null;
      values.delete(key);
      return value;
    },
    async compareAndSet(key, expected, next) {
      if (values.get(key) !== expected) return false;
      values.set(key, next);
      return true;
    },
    addMember: async (key, member) => void (sets.get(key) ?? sets.set(key, new Set()).get(key)!).add(member),
    close: async () => {},
  };
}

const store = process.env.REDIS_URL ? redisStore(process.env.REDIS_URL) : memoryStore();
const pool = process.env.DATABASE_URL ? new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 }) : null;
const agent = new Agent({ keepAlive: true });

const loginKey = (id: string) => `${prefix}:login:{${id}}`;
const authKey = (state: string) => `${prefix}:auth:{${state}}`;
const profileKey = (profileId: string) => `${prefix}:profile-logins:{${profileId}}`;

async function statement(value: string): Promise<void> {
  await pool?.query('SELECT $1::text AS subject', [value]);
}

function present<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`no ${what}`);
  return value;
}

/** A write the floor's own order of steps guarantees; failing means the floor is broken. */
async function replace(id: string, expected: string, next: object): Promise<void> {
  if (!(await store.compareAndSet(loginKey(id), expected, JSON.stringify(next)))) throw new Error(`login ${id} changed meanwhile`);
}

function upstream(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', reject);
      res.once('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) return reject(new Error(`${method} ${url} answered ${res.statusCode}: ${text}`));
        try {
          resolve(JSON.parse(text) as Record<string, unknown>);
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    req.once('error', reject);
    req.end(body);
  });
}

const discovery = await upstream(`${upstreamUrl}/.well-known/openid-configuration`, 'GET', {});
const authorizationEndpoint = String(discovery.authorization_endpoint);
const tokenEndpoint = String(discovery.token_endpoint);
const userinfoEndpoint = String(discovery.userinfo_endpoint);

async function exchange(code: string): Promise<Record<string, unknown>> {
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: VERIFIER }).toString();
  const tokens = await upstream(tokenEndpoint, 'POST', {
    authorization: CLIENT_AUTHORIZATION,
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(Buffer.byteLength(form)),
  }, form);
  return upstream(userinfoEndpoint, 'GET', { authorization: `Bearer ${String(tokens.access_token)}` });
}

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));

app.post<{ Body: { return_to: string } }>('/v1/logins', async (request, reply) => {
  const id = randomUUID();
  const state = randomUUID();
  const now = Date.now();
  const expiresAt = new Date(now + TTL_MS).toISOString();
  const login = { id, clientId: 'demo', status: 'awaiting_provider', createdAt: new Date(now).toISOString(), expiresAt, returnTo: request.body.return_to, locale: 'ru', provider: upstreamUrl, state, claimed: false };
  await Promise.all([store.set(authKey(state), `${id} ${NONCE} ${VERIFIER}`), store.set(loginKey(id), JSON.stringify(login))]);
  return reply.code(201).send({ id, status: 'awaiting_provider', authorization_url: `http://127.0.0.1:${port}/v1/logins/${id}/authorize`, expires_at: expiresAt });
});

app.get<{ Params: { id: string } }>('/v1/logins/:id/authorize', async (request, reply) => {
  const { id } = request.params;
  const raw = present(await store.get(loginKey(id)), 'login');
  const login = JSON.parse(raw) as { state: string };
  await Promise.all([replace(id, raw, { ...login, state: undefined, binderHash: BINDER }), store.get(authKey(login.state))]);
  const providerUrl = new URL(authorizationEndpoint);
  providerUrl.search = new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: redirectUri, scope: 'openid', state: login.state, nonce: NONCE, code_challenge: CHALLENGE, code_challenge_method: 'S256', ui_locales: 'ru' }).toString();
  return reply
    .header('set-cookie', `esia-bridge-${id}=${BINDER}; Path=/v1/callback; HttpOnly; SameSite=Lax`)
    .code(302)
    .header('location', providerUrl.href)
    .send();
});

app.get<{ Querystring: { code: string; state: string } }>('/v1/callback', async (request, reply) => {
  const { code, state } = request.query;
  const [id] = present(await store.get(authKey(state)), 'pending authorization').split(' ', 1) as [string];
  const raw = present(await store.get(loginKey(id)), 'login');
  await store.take(authKey(state));
  const person = await exchange(code);
  const profileId = String(person.sub);
  await statement(profileId);
  await store.addMember(profileKey(profileId), id);
  const login = JSON.parse(raw) as { returnTo: string };
  const completion = { kind: 'linked', profileId, amr: ['esia'] };
  await replace(id, raw, { ...login, status: 'completing', handoffHash: HANDOFF, linkedProfileId: profileId, completion, sealed: SEALED_AFTER_CALLBACK });
  const back = new URL(login.returnTo);
  back.searchParams.set('login_id', id);
  back.searchParams.set('handoff', HANDOFF);
  return reply.code(302).header('location', back.href).send();
});

app.post<{ Params: { id: string }; Body: { handoff: string } }>('/v1/logins/:id/claim', async (request, reply) => {
  const { id } = request.params;
  const raw = present(await store.get(loginKey(id)), 'login');
  const login = JSON.parse(raw) as { linkedProfileId: string };
  await statement(login.linkedProfileId);
  await replace(id, raw, { ...login, status: 'completed', claimed: true, handoffHash: undefined, completion: undefined, sealed: SEALED_COMPLETED });
  return reply.send({ id, status: 'completed', result: { profile_id: login.linkedProfileId, assertion: 'x' } });
});

await app.listen({ port, host: '127.0.0.1' });
process.on('SIGTERM', () => {
  void app.close().then(async () => {
    await store.close();
    await pool?.end();
    agent.destroy();
    process.exit(0);
  });
});
