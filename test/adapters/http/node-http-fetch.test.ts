// The provider's HTTP client answers as fetch would for what openid-client and the
// ESIA adapter send, keeps its connections, and fails the way the failure
// classification expects: a timeout as a timeout, a refused or cut connection as the
// network, an oversized answer as invalid.

import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { nodeHttpFetch } from '../../../src/adapters/http/node-http-fetch.js';
import { describeFailure } from '../../../src/adapters/provider/provider-failures.js';

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

async function server(t: Test, handler: Handler) {
  const connections = new Set<unknown>();
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => handler(req, body, res));
  });
  srv.on('connection', (socket) => connections.add(socket));
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => (srv.closeAllConnections(), srv.close(() => resolve()))));
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, connections: () => connections.size };
}

const failure = (promise: Promise<unknown>) => promise.then(() => ({ kind: 'none' }), (err: unknown) => describeFailure(err));

t.test('a form POST arrives as fetch sends it; the answer reads as fetch reads it', async (t) => {
  const seen: { method?: string; type?: string; length?: string; accept?: string; body?: string }[] = [];
  const s = await server(t, (req, body, res) => {
    seen.push({ method: req.method, type: req.headers['content-type'], length: req.headers['content-length'], accept: req.headers.accept, body });
    res.setHeader('set-cookie', ['a=1', 'b=2']);
    res.writeHead(200, 'Fine', { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ access_token: 'at', token_type: 'Bearer' }));
  });
  const fetch = nodeHttpFetch();
  const response = await fetch(`${s.url}/token`, {
    method: 'POST',
    headers: new Headers({ accept: 'application/json' }),
    body: new URLSearchParams({ grant_type: 'authorization_code', code: 'c-1', redirect_uri: 'https://bridge.example/v1/callback' }),
    redirect: 'manual',
  });
  t.equal(response.status, 200);
  t.equal(response.statusText, 'Fine');
  t.equal(response.headers.get('cache-control'), 'no-store');
  t.same(response.headers.getSetCookie(), ['a=1', 'b=2']);
  t.same(await response.clone().json(), { access_token: 'at', token_type: 'Bearer' }, 'clone() works, as oauth4webapi uses it');
  t.same(await response.json(), { access_token: 'at', token_type: 'Bearer' });
  const body = 'grant_type=authorization_code&code=c-1&redirect_uri=https%3A%2F%2Fbridge.example%2Fv1%2Fcallback';
  t.same(seen, [{ method: 'POST', type: 'application/x-www-form-urlencoded;charset=UTF-8', length: String(body.length), accept: 'application/json', body }]);
});

t.test('strings and bytes as bodies, a caller’s content type kept, UTF-8 counted in bytes', async (t) => {
  const seen: string[] = [];
  const s = await server(t, (req, body, res) => (seen.push(`${req.headers['content-type']}|${req.headers['content-length']}|${body}`), res.end()));
  const fetch = nodeHttpFetch();
  await fetch(s.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'Иван', redirect: 'manual' });
  await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new TextEncoder().encode('ab'), redirect: 'manual' });
  t.same(seen, ['text/plain|8|Иван', 'application/octet-stream|2|ab']);
});

t.test('connections are kept for the next request', async (t) => {
  const s = await server(t, (_req, _body, res) => res.end('{}'));
  const fetch = nodeHttpFetch();
  for (let i = 0; i < 5; i++) await (await fetch(s.url, { redirect: 'manual' })).json();
  t.equal(s.connections(), 1);
});

t.test('a redirect is answered, not followed; a 204 has no body', async (t) => {
  const s = await server(t, (req, _body, res) => {
    if (req.url === '/moved') res.writeHead(302, { location: 'https://elsewhere.example/' }).end('bye');
    else res.writeHead(204).end();
  });
  const fetch = nodeHttpFetch();
  const moved = await fetch(`${s.url}/moved`, { redirect: 'manual' });
  t.equal(moved.status, 302);
  t.equal(moved.headers.get('location'), 'https://elsewhere.example/');
  const empty = await fetch(`${s.url}/empty`, { redirect: 'manual' });
  t.equal(empty.status, 204);
  t.equal(empty.body, null);
});

t.test('what it does not do, it refuses at once', async (t) => {
  const fetch = nodeHttpFetch();
  await t.rejects(fetch('http://127.0.0.1:9/', {}), /does not support following redirects/);
  await t.rejects(fetch('ftp://127.0.0.1/', { redirect: 'manual' }), /does not support the ftp: scheme/);
  await t.rejects(fetch(new Request('http://127.0.0.1:9/'), { redirect: 'manual' }), /does not support a Request/);
  await t.rejects(fetch('http://127.0.0.1:9/', { method: 'POST', body: new Blob(['x']), redirect: 'manual' }), /does not support this kind of request body/);
});

t.test('a provider too slow fails as a timeout, and an aborted signal before sending sends nothing', async (t) => {
  let requests = 0;
  const s = await server(t, () => void requests++);
  const fetch = nodeHttpFetch();
  t.same(await failure(fetch(s.url, { redirect: 'manual', signal: AbortSignal.timeout(200) })), { kind: 'unavailable', reason: 'timeout' });
  const aborted = AbortSignal.abort(new DOMException('gone', 'TimeoutError'));
  t.same(await failure(fetch(s.url, { redirect: 'manual', signal: aborted })), { kind: 'unavailable', reason: 'timeout' });
  t.equal(requests, 1);
});

t.test('a refused connection and an answer cut short fail as the network', async (t) => {
  const fetch = nodeHttpFetch();
  t.same(await failure(fetch('http://127.0.0.1:9/', { redirect: 'manual' })), { kind: 'unavailable', reason: 'network', detail: 'ECONNREFUSED' });
  const s = await server(t, (_req, _body, res) => {
    res.writeHead(200, { 'content-length': '1000' });
    res.write('{"partial":');
    setTimeout(() => res.socket?.destroy(), 20);
  });
  t.match(await failure(fetch(s.url, { redirect: 'manual' })), { kind: 'unavailable', reason: 'network' });
});

t.test('an answer larger than a megabyte is refused as invalid', async (t) => {
  const s = await server(t, (_req, _body, res) => res.end('x'.repeat(1024 * 1024 + 1)));
  t.match(await failure(nodeHttpFetch()(s.url, { redirect: 'manual' })), { kind: 'invalid' });
});

t.test('an answer a Response cannot hold is refused as invalid, never left hanging', async (t) => {
  const raw = net.createServer((socket) => {
    socket.once('data', (request) => {
      const status = request.toString('latin1').includes('/bad-status') ? 'HTTP/1.1 600 Odd' : 'HTTP/1.1 200 O\x7fK';
      socket.end(`${status}\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`, 'latin1');
    });
  });
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => raw.close(() => resolve())));
  const base = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
  const fetch = nodeHttpFetch();
  for (const path of ['/bad-status', '/bad-reason']) {
    const outcome = await Promise.race([failure(fetch(`${base}${path}`, { redirect: 'manual' })), new Promise((r) => setTimeout(() => r('hung'), 2000))]);
    t.match(outcome, { kind: 'invalid' }, path);
  }
});
