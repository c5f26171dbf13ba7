// Logs never carry codes, tokens, secrets, phones or e-mails, and URLs lose their
// query string (the provider's callback carries code and state there).

import { Writable } from 'node:stream';
import pino from 'pino';
import t from 'tap';
import { loggerOptions, redactNested, withoutQuery } from '../../src/logger.js';

t.test('sensitive fields are redacted at the top level and one level down', async (t) => {
  let out = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk), done()) });
  const log = pino(loggerOptions('info', false), sink);
  log.info({
    code: '123456',
    phone: '+79990001101',
    email: 'a.sokolov@example.ru',
    destination: '+79990001101',
    nested: { token: 'tok', secret: 's3cr3t', handoff: 'h', state: 'st', nonce: 'nn', access_token: 'at' },
    req: { headers: { authorization: 'Basic ZGVtbzpzZWNyZXQ=', cookie: 'sid=1' } },
    event: 'test.event',
  });
  for (const leaked of ['123456', '+79990001101', 'a.sokolov@example.ru', '"tok"', 's3cr3t', 'ZGVtbzpzZWNyZXQ=', 'sid=1', '"at"']) {
    t.notMatch(out, leaked, `${leaked} is not logged`);
  }
  t.match(out, /"event":"test.event"/);
  t.match(out, /\[redacted\]/);
});

t.test("a child logger's bindings: ids pass as they are, a sensitive key is redacted, and what it logs is redacted one level down", async (t) => {
  let out = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk), done()) });
  const root = pino(loggerOptions('info', false), sink);
  const log = root.child({ reqId: 'req-1', code: '654321' });
  log.setBindings({ loginId: 'login-1', handoff: 'hand-off-value' });
  const message = { event: 'test.bound', person: { phone: '+79990001101', name: 'Анна' }, contact: { email: 'a.sokolov@example.ru' } };
  log.info(message);
  for (const leaked of ['+79990001101', '654321', 'a.sokolov@example.ru', 'hand-off-value']) t.notMatch(out, leaked, `${leaked} is not logged`);
  const line = JSON.parse(out) as Record<string, unknown>;
  t.equal(line.reqId, 'req-1');
  t.equal(line.loginId, 'login-1');
  t.same(line.person, { phone: '[redacted]', name: 'Анна' });
  t.same(message.person, { phone: '+79990001101', name: 'Анна' }, 'the logged object itself is left as it was');
});

t.test('an object logged with nothing to redact is written as it is, not copied', async (t) => {
  const object = { event: 'x', nested: { id: 1 } };
  t.equal(redactNested(object), object);
  const withPhone = { nested: { phone: '+7' } };
  t.not(redactNested(withPhone), withPhone);
  t.same(withPhone, { nested: { phone: '+7' } }, 'the original is not changed');
});

t.test('logged URLs lose their query string', async (t) => {
  t.equal(withoutQuery('/v1/callback?code=abc&state=def'), '/v1/callback?…');
  t.equal(withoutQuery('/healthz'), '/healthz');
});

t.test('sensitive keys set on a logged error are redacted, as one level down', async (t) => {
  let out = '';
  const sink = new Writable({ write: (chunk, _enc, done) => ((out += chunk), done()) });
  const log = pino(loggerOptions('info', false), sink);
  const err = Object.assign(new Error('the gateway refused'), { phone: '+79990001101', state: 'st-value', status: 502 });
  log.error({ event: 'test.failed', err });
  for (const leaked of ['+79990001101', 'st-value']) t.notMatch(out, leaked, `${leaked} is not logged`);
  const line = JSON.parse(out) as { err: Record<string, unknown> };
  t.equal(line.err.message, 'the gateway refused');
  t.equal(line.err.status, 502);
});
