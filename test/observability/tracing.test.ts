// Traces as a collector receives them: the real entry point with
// OTEL_EXPORTER_OTLP_ENDPOINT pointing at a tiny OTLP/HTTP collector on loopback
// (the exporter's JSON, decoded here), a login driven over HTTP with a caller's
// traceparent, then SIGTERM to flush. The login's trace continues the caller's,
// holds the HTTP, Fastify, Postgres (and Redis) and provider spans, and no personal
// data in any attribute. Without the variable, nothing of OpenTelemetry is loaded.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { startSandbox } from '../../src/sandbox/index.js';
import { freePort } from '../helpers/free-port.js';
import { freshDatabaseUrl } from '../helpers/fresh-database.js';
import { runMain } from '../helpers/run-main.js';
import { signInAtSandbox } from '../helpers/sandbox-driver.js';
import { tempDir } from '../helpers/service.js';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
  events?: { attributes?: { key: string; value: Record<string, unknown> }[] }[];
}
interface Received {
  scope: string;
  span: OtlpSpan;
}

async function startCollector(t: Test): Promise<{ url: string; spans: Received[]; bodies: string[] }> {
  const spans: Received[] = [];
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url === '/v1/traces' && req.headers['content-type']?.startsWith('application/json')) {
        bodies.push(body);
        const data = JSON.parse(body) as { resourceSpans: { scopeSpans: { scope: { name: string }; spans: OtlpSpan[] }[] }[] };
        for (const rs of data.resourceSpans) for (const ss of rs.scopeSpans) for (const span of ss.spans) spans.push({ scope: ss.scope.name, span });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, bodies };
}

const RETURN_TO = 'https://client.example/back';
const PROVIDER_SECRET = 'sandbox-secret-for-tracing';

t.test('a traced login: the caller’s trace continued, every layer a span, no personal data', async (t) => {
  const collector = await startCollector(t);
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/v1/callback`;
  const sandbox = await startSandbox({ port: 0, clients: [{ client_id: 'esia-bridge', client_secret: PROVIDER_SECRET, redirect_uris: [redirectUri] }] });
  t.teardown(() => sandbox.close());
  const databaseUrl = await freshDatabaseUrl(t);
  const demoSecret = randomBytes(24).toString('hex');
  const service = runMain({
    NODE_ENV: 'development',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: tempDir(t),
    LOG_LEVEL: 'warn',
    DEMO_CLIENT_SECRET: demoSecret,
    DEMO_CLIENT_RETURN_URLS: RETURN_TO,
    PROVIDER_ISSUER: sandbox.issuer,
    PROVIDER_CLIENT_SECRET: PROVIDER_SECRET,
    PROVIDER_REDIRECT_URI: redirectUri,
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_BSP_SCHEDULE_DELAY: '100',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_KEY_PREFIX: `trace-${randomBytes(4).toString('hex')}` } : {}),
  });
  t.teardown(() => void service.child.kill('SIGKILL'));
  for (let i = 0; i < 600 && !service.out().includes('esia-bridge listening'); i++) await new Promise((r) => setTimeout(r, 100));
  t.match(service.out(), /esia-bridge listening/, service.err());

  const base = `http://127.0.0.1:${port}`;
  const traceId = randomBytes(16).toString('hex');
  const parentId = randomBytes(8).toString('hex');
  const authorization = `Basic ${Buffer.from(`demo:${demoSecret}`).toString('base64')}`;
  const started = await fetch(`${base}/v1/logins`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json', traceparent: `00-${traceId}-${parentId}-01` },
    body: JSON.stringify({ return_to: RETURN_TO }),
  });
  t.equal(started.status, 201);
  const { id, authorization_url } = (await started.json()) as { id: string; authorization_url: string };
  const authorized = await fetch(authorization_url, { redirect: 'manual' });
  const cookie = authorized.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const back = await signInAtSandbox(String(authorized.headers.get('location')), 'adult-phone-email');
  const callback = await fetch(`${base}${back.pathname}${back.search}`, { headers: { cookie }, redirect: 'manual' });
  const location = new URL(String(callback.headers.get('location')));
  const handoff = String(location.searchParams.get('handoff'));
  const claimed = await fetch(`${base}/v1/logins/${id}/claim`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ handoff }),
  });
  t.equal(claimed.status, 200);

  service.child.kill('SIGTERM');
  t.equal(await service.exited, 0, service.err());
  const spans = collector.spans;
  const scopes = new Set(spans.map((s) => s.scope));
  for (const scope of ['@opentelemetry/instrumentation-http', '@fastify/otel', '@opentelemetry/instrumentation-pg', 'esia-bridge']) {
    t.ok(scopes.has(scope), `spans from ${scope}`);
  }
  if (process.env.REDIS_URL) t.ok(scopes.has('@opentelemetry/instrumentation-ioredis'), 'spans from ioredis');

  const server = spans.find((s) => s.scope === '@opentelemetry/instrumentation-http' && s.span.traceId === traceId);
  t.equal(server?.span.parentSpanId, parentId, 'the start request continues the caller’s trace');
  const names = spans.map((s) => s.span.name);
  for (const call of ['provider token', 'provider userinfo']) t.ok(names.includes(call), `${call} is a span`);
  const callbackTrace = spans.find((s) => s.span.name === 'provider token')?.span.traceId;
  t.ok(spans.some((s) => s.span.traceId === callbackTrace && s.scope === '@opentelemetry/instrumentation-pg'), 'the callback’s queries are in its trace');

  const exported = collector.bodies.join('\n');
  const secrets = {
    'the provider’s code': new URL(`${base}${back.pathname}${back.search}`).searchParams.get('code'),
    'the state': back.searchParams.get('state'),
    'the handoff': handoff,
    'the family name': 'Соколов',
    'the phone': '79990001101',
    'the e-mail': 'a.sokolov',
    'the client secret': demoSecret,
  };
  for (const [what, value] of Object.entries(secrets)) {
    t.ok(value, `${what} is known`);
    t.notOk(exported.includes(String(value)), `${what} is in no span`);
  }
  const values = spans.flatMap((s) => [...(s.span.attributes ?? []), ...(s.span.events ?? []).flatMap((e) => e.attributes ?? [])]);
  t.same(values.filter((a) => /^(https?:\/\/|\/)\S*\?/.test(String(a.value.stringValue))), [], 'no URL with a query');
  t.same(values.filter((a) => ['url.query', 'client.address', 'user_agent.original', 'http.user_agent', 'net.peer.ip'].includes(a.key)), [], 'no client address or user agent');
  t.same(values.filter((a) => a.key === 'db.statement' && /^(eval|set|get)\s/i.test(String(a.value.stringValue))), [], 'Redis commands without arguments');
});

t.test('without OTEL_EXPORTER_OTLP_ENDPOINT nothing of OpenTelemetry is imported', async (t) => {
  // What always loads: the entry point's static imports and the service it imports
  // next. tracing.ts is reached only through main.ts's conditional import.
  const root = new URL('../../src', import.meta.url).pathname;
  const seen = new Set<string>();
  const external = new Map<string, string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/^import (?!type )[^'"]*['"]([^'"]+)['"]/gm)) {
      if (spec!.startsWith('.')) walk(resolve(dirname(file), spec!.replace(/\.js$/, '.ts')));
      else external.set(spec!, file);
    }
  };
  walk(resolve(root, 'main.ts'));
  walk(resolve(root, 'service.ts'));
  t.ok(seen.size > 50, 'the graph is walked');
  t.notOk(seen.has(resolve(root, 'observability/tracing.ts')), 'tracing.ts is not a static import');
  const otel = [...external].filter(([spec]) => spec.startsWith('@opentelemetry/') || spec === '@fastify/otel');
  t.same(otel, [], 'no module on the way imports OpenTelemetry');
  t.match(readFileSync(resolve(root, 'main.ts'), 'utf8'), /config\.otlpEndpoint \? \(await import\('\.\/observability\/tracing\.js'\)\)/);
});
