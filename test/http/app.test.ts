import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import pino from 'pino';
import { buildApp } from '../../src/app.js';

async function app(t: Test, checks: { name: string; check(): Promise<void> }[] = []) {
  const a = await buildApp({
    config: { trustProxy: false, bodyLimitBytes: 1024, publicUrl: 'http://localhost:3000' },
    logger: pino({ level: 'silent' }),
    readiness: checks,
  });
  t.teardown(() => a.close());
  return a;
}

t.test('healthz answers while the process lives', async (t) => {
  const res = await (await app(t)).inject('/healthz');
  t.equal(res.statusCode, 200);
  t.same(res.json(), { status: 'ok' });
  t.ok(res.headers['x-request-id']);
  t.equal(res.headers['x-content-type-options'], 'nosniff');
});

t.test("helmet's headers are on every answer: found, not found, refused", async (t) => {
  const a = await app(t, [{ name: 'store', check: async () => Promise.reject(new Error('ECONNREFUSED')) }]);
  for (const url of ['/healthz', '/no-such-page', '/readyz']) {
    const res = await a.inject(url);
    t.equal(res.headers['x-content-type-options'], 'nosniff', url);
    t.match(res.headers['content-security-policy'], /(^|;)form-action 'self'(;|$)/, url);
    t.match(res.headers['content-security-policy'], /(^|;)default-src 'self'(;|$)/, url);
    t.equal(res.headers['x-frame-options'], 'SAMEORIGIN', url);
    t.match(res.headers['strict-transport-security'], /max-age=\d+/, url);
    t.notOk(res.headers['x-powered-by'], url);
  }
});

t.test('readyz names what is down in a problem+json 503', async (t) => {
  const a = await app(t, [
    { name: 'database', check: async () => {} },
    { name: 'store', check: async () => Promise.reject(new Error('ECONNREFUSED')) },
  ]);
  const res = await a.inject('/readyz');
  t.equal(res.statusCode, 503);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  t.equal(res.headers['retry-after'], '5');
  const body = res.json();
  t.equal(body.code, 'service_unavailable');
  t.same(body.down, ['store']);
  t.same(body.checks, { database: 'up', store: 'down' });
  t.notMatch(res.body, /ECONNREFUSED/, 'internal reasons stay in the log');
});

t.test('unknown routes are a problem+json 404 in the caller’s language', async (t) => {
  const a = await app(t);
  const ru = await a.inject('/nowhere');
  t.equal(ru.statusCode, 404);
  t.equal(ru.json().code, 'not_found');
  t.equal(ru.json().title, 'Не найдено.');
  const en = await a.inject({ url: '/nowhere', headers: { 'accept-language': 'en-GB,en;q=0.9' } });
  t.equal(en.json().title, 'Not found.');
});

t.test('openapi.yaml is served', async (t) => {
  const res = await (await app(t)).inject('/openapi.yaml');
  t.equal(res.statusCode, 200);
  t.match(res.body, /^openapi: 3\.1\.0/);
  t.match(res.body, /\/readyz:/);
});

t.test('openapi.yaml is the committed description, at this deployment’s URL', async (t) => {
  const a = await buildApp({
    config: { trustProxy: false, bodyLimitBytes: 1024, publicUrl: 'https://bridge.example.ru' },
    logger: pino({ level: 'silent' }),
    readiness: [],
  });
  t.teardown(() => a.close());
  const served = (await a.inject('/openapi.yaml')).body;
  const committed = readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8');
  t.equal(served, committed.replace('  - url: http://localhost:3000', '  - url: https://bridge.example.ru'));
  t.not(served, committed);
});
