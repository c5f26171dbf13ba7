// The HTTP surface answers like the rest of the API even where Fastify would answer
// on its own: every refusal is problem+json with a stable code, never an echo of
// what was sent.

import t from 'tap';
import { flowHarness, RETURN_TO } from '../helpers/flow.js';

const h = await flowHarness(t);
const send = (method: string, url: string, headers: Record<string, string> = {}, payload?: string | Buffer) =>
  h.service.app.inject({ method: method as 'GET', url, headers: { authorization: h.client.authorization, ...headers }, ...(payload === undefined ? {} : { payload }) });

t.test('a 5,000-character id: 414 problem+json that does not echo the URL', async (t) => {
  const id = 'x'.repeat(5000);
  const res = await send('GET', `/v1/logins/${id}`);
  t.equal(res.statusCode, 414);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  t.match(res.json(), { status: 414, code: 'uri_too_long' });
  t.notMatch(res.body, 'xxxxxxxxxx', 'the URL is not echoed');
});

t.test('a malformed percent-encoding in the path: 400 problem+json that does not echo it', async (t) => {
  const res = await send('GET', '/v1/logins/%E0%A4%A-not-an-id');
  t.equal(res.statusCode, 400);
  t.match(res.json(), { status: 400, code: 'bad_request' });
  t.notMatch(res.body, 'not-an-id');
});

t.test('text/plain is an unsupported media type, like any other non-JSON body', async (t) => {
  for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/xml']) {
    const res = await send('POST', '/v1/logins', { 'content-type': type }, JSON.stringify({ return_to: RETURN_TO }));
    t.equal(res.statusCode, 415, type);
    t.match(res.json(), { code: 'unsupported_media_type' });
  }
});

t.test('a method a path does not have: 405 problem+json with Allow', async (t) => {
  const cases: [string, string, string][] = [
    ['DELETE', '/v1/logins', 'POST'],
    ['PUT', '/v1/logins/0b9f3a58-5a4c-4f0e-9a63-3d0d3f6c2f11/claim', 'POST'],
    ['POST', '/v1/logins/0b9f3a58-5a4c-4f0e-9a63-3d0d3f6c2f11', 'DELETE, GET, HEAD'],
    ['POST', '/healthz', 'GET, HEAD'],
  ];
  for (const [method, url, allow] of cases) {
    const res = await send(method, url);
    t.equal(res.statusCode, 405, `${method} ${url}`);
    t.equal(res.headers.allow, allow);
    t.match(res.headers['content-type'], /^application\/problem\+json/);
    t.match(res.json(), { status: 405, code: 'method_not_allowed' });
  }
  const unknown = await send('GET', '/v1/nowhere');
  t.equal(unknown.statusCode, 404, 'a path nobody serves is still a 404');
  t.equal(unknown.headers.allow, undefined);
});

t.test('client_state refuses control characters, lone surrogates and invalid UTF-8', async (t) => {
  for (const state of ['a\u0000b', 'line\nbreak', '\u007f', 'x\ud800', '\udfffy']) {
    const res = await send('POST', '/v1/logins', { 'content-type': 'application/json' }, JSON.stringify({ return_to: RETURN_TO, client_state: state }));
    t.equal(res.statusCode, 400, JSON.stringify(state));
    t.match(res.json(), { code: 'validation_failed' });
  }
  const invalidUtf8 = Buffer.concat([Buffer.from(`{"return_to":"${RETURN_TO}","client_state":"`), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
  const res = await send('POST', '/v1/logins', { 'content-type': 'application/json' }, invalidUtf8);
  t.equal(res.statusCode, 400, 'invalid UTF-8');
  t.match(res.json(), { code: 'bad_request' });
  t.notMatch(res.body, '\ufffd', 'nothing is echoed');

  const fine = await send('POST', '/v1/logins', { 'content-type': 'application/json' }, JSON.stringify({ return_to: RETURN_TO, client_state: 'сессия-42 🙂' }));
  t.equal(fine.statusCode, 201, 'any other text, emoji included, is fine');
  const login = await send('GET', `/v1/logins/${fine.json().id}`);
  t.equal(login.json().client_state, 'сессия-42 🙂');
});
