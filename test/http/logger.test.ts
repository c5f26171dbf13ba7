// Logs never carry codes, tokens, secrets, phones or e-mails, and URLs lose their
// query string (the provider's callback carries code and state there).

import { Writable } from 'node:stream';
import pino from 'pino';
import t from 'tap';
import { loggerOptions, withoutQuery } from '../../src/logger.js';

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

t.test('logged URLs lose their query string', async (t) => {
  t.equal(withoutQuery('/v1/callback?code=abc&state=def'), '/v1/callback?…');
  t.equal(withoutQuery('/healthz'), '/healthz');
});
