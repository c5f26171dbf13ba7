import t from 'tap';
import { startSandbox } from '../../src/sandbox/index.js';

t.test('an explicit issuer is announced as is; url is where the server listens', async (t) => {
  const sandbox = await startSandbox({ port: 0, issuer: 'https://esia-sandbox.example.ru', clients: [] });
  t.teardown(() => sandbox.close());
  t.equal(sandbox.issuer, 'https://esia-sandbox.example.ru');
  t.match(sandbox.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const discovery = (await (await fetch(`${sandbox.url}/.well-known/openid-configuration`)).json()) as Record<string, string>;
  t.equal(discovery.issuer, 'https://esia-sandbox.example.ru');
  t.equal(discovery.jwks_uri, `${sandbox.url}/jwks`, 'endpoints follow the Host the client used');
});

t.test('an issuer with a path is refused: the sandbox serves from the root', async (t) => {
  await t.rejects(startSandbox({ port: 0, issuer: 'http://127.0.0.1:1/esia', clients: [] }), /no path/);
});

t.test('close() returns promptly even with keep-alive connections open', async (t) => {
  const sandbox = await startSandbox({ port: 0, clients: [] });
  const response = await fetch(`${sandbox.url}/jwks`, { headers: { connection: 'keep-alive' } });
  const jwks = (await response.json()) as { keys: Record<string, unknown>[] };
  t.match(jwks.keys, [{ kty: 'RSA', alg: 'RS256', use: 'sig' }]);
  t.notOk('d' in jwks.keys[0]!, 'the private part is never published');
  const started = Date.now();
  await sandbox.close();
  t.ok(Date.now() - started < 1000, 'closed within a second');
});
