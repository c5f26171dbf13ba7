// The development helpers (GET /dev/outbox with codes and full destinations, the demo
// client and its printed secret) exist only with NODE_ENV=development on a loopback
// address. A test service still keeps its codes in the development outbox, which the
// test reads from the service object, never over HTTP.

import t from 'tap';
import { isLoopbackHost } from '../../src/config/index.js';
import { PERMISSIONS } from '../../src/domain/permissions.js';
import { DEMO_CLIENT_ID } from '../../src/service.js';
import { apiClientsRepository } from '../../src/adapters/postgres/api-clients-repository.js';
import { build } from '../helpers/service.js';

const DEVELOPMENT = { NODE_ENV: 'development', DEMO_CLIENT_SECRET: 'demo-secret-for-tests-0123456789abcdef' };

async function servesOutbox(service: Awaited<ReturnType<typeof build>>) {
  return (await service.app.inject('/dev/outbox')).statusCode === 200;
}

async function hasDemoClient(service: Awaited<ReturnType<typeof build>>) {
  return (await apiClientsRepository(service.db.pool).findActive(DEMO_CLIENT_ID)) !== null;
}

t.test('NODE_ENV=test on 0.0.0.0: no outbox route, codes only on the service object', async (t) => {
  const service = await build(t, { HOST: '0.0.0.0' });
  t.equal((await service.app.inject('/dev/outbox')).statusCode, 404);
  t.ok(service.outbox, 'the test can still read the codes it sent');
});

t.test('NODE_ENV=test on loopback: no outbox route either', async (t) => {
  const service = await build(t, { HOST: '127.0.0.1' });
  t.equal((await service.app.inject('/dev/outbox')).statusCode, 404);
});

t.test('development on a public address: no outbox route and no demo client', async (t) => {
  const service = await build(t, { ...DEVELOPMENT, HOST: '0.0.0.0' });
  t.notOk(await servesOutbox(service));
  t.notOk(await hasDemoClient(service));
  t.equal(service.config.demoClient, null);
});

t.test('development on loopback: the outbox route and the demo client', async (t) => {
  const service = await build(t, { ...DEVELOPMENT, HOST: '127.0.0.1' });
  const res = await service.app.inject('/dev/outbox');
  t.equal(res.statusCode, 200);
  t.same(res.json(), []);
  t.equal(res.headers['cache-control'], 'no-store');
  const demo = await apiClientsRepository(service.db.pool).findActive(DEMO_CLIENT_ID);
  t.same(demo?.permissions, [...PERMISSIONS], 'the demo client may try every route');
});

t.test('development on loopback: GET /dev/outbox?login_id= answers only that login\'s codes', async (t) => {
  const service = await build(t, { ...DEVELOPMENT, HOST: '127.0.0.1' });
  const sms = service.outbox!.channel('sms');
  const message = { channel: 'sms' as const, locale: 'ru' as const, validForSeconds: 300 };
  await sms.send({ ...message, loginId: 'login-a', destination: '+79990000001', code: '111111' });
  await sms.send({ ...message, loginId: 'login-b', destination: '+79990000002', code: '222222' });
  await sms.send({ ...message, loginId: 'login-a', destination: '+79990000001', code: '333333' });

  const mine = (await service.app.inject('/dev/outbox?login_id=login-a')).json();
  t.same(mine.map((m: { login_id: string }) => m.login_id), ['login-a', 'login-a']);
  t.match(mine[0].text, /333333/, 'newest first');
  t.notMatch(JSON.stringify(mine), /222222/, 'never another login\'s code');
  t.same((await service.app.inject('/dev/outbox?login_id=login-c')).json(), []);
  t.equal((await service.app.inject('/dev/outbox')).json().length, 3, 'without a login id: every message');
});

t.test('isLoopbackHost', async (t) => {
  const rows: [string, boolean][] = [
    ['127.0.0.1', true],
    ['127.10.20.30', true],
    ['localhost', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.10', false],
    ['10.0.0.1', false],
    ['example.ru', false],
    ['localhost.example.ru', false],
  ];
  for (const [host, want] of rows) t.equal(isLoopbackHost(host), want, host);
});
