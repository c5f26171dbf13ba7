// Following one login through the logs: every line written while serving it carries
// the request id and the login id, the provider's and the delivery's lines included;
// a caller's X-Request-Id is kept and echoed when it is a safe short token.

import t from 'tap';
import { captureLogger } from '../helpers/capture-logs.js';
import { flowHarness } from '../helpers/flow.js';
import { lastSmsCode, smsGatewayEnv, startSmsGateway } from '../helpers/sms-gateway.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

t.test('every line of a login names its request and the login', async (t) => {
  const logs = captureLogger({ level: 'debug' });
  const gateway = await startSmsGateway(t);
  const h = await flowHarness(t, smsGatewayEnv(gateway), { logger: logs.logger });
  await h.seedRegisteredProfiles();
  const before = logs.lines().length;
  const { id, claimed } = await h.login('adult-phone-email');
  t.equal(claimed.body.status, 'otp_required');
  const done = await h.verifyAndConfirm(id, lastSmsCode(gateway));
  t.equal(done.body.status, 'completed');

  const served = logs.lines().slice(before).filter((l) => l.reqId !== undefined);
  const requests = new Set(served.map((l) => l.reqId));
  t.ok(requests.size >= 6, 'start, authorize, callback, claim, verify, profile');
  for (const line of served) {
    // Fastify logs the arrival before any route runs, when no login is known yet.
    if (line.msg === 'incoming request') continue;
    t.equal(line.loginId, id, `${String(line.event ?? line.msg)} (${String(line.reqId)}) names the login`);
  }
  const events = served.map((l) => l.event);
  for (const event of ['provider.login_verified', 'delivery.sent']) t.ok(events.includes(event), `the adapters' ${event} is among them`);
  const completed = served.filter((l) => l.event === 'http.request');
  t.equal(completed.length, requests.size, 'each request’s completion line names the login too');
  const repeated = logs.text().split('\n').filter((line) => (line.match(/"loginId"/g) ?? []).length > 1);
  t.same(repeated, [], 'the login id is bound once per line, never repeated');
});

t.test('X-Request-Id: a safe token is kept and echoed, anything else replaced', async (t) => {
  const logs = captureLogger({ level: 'debug' });
  const h = await flowHarness(t, {}, { logger: logs.logger });
  const ask = (id?: string) => h.service.app.inject({ method: 'GET', url: '/healthz', headers: id === undefined ? {} : { 'x-request-id': id } });

  const kept = await ask('client-req_42:a.b');
  t.equal(kept.headers['x-request-id'], 'client-req_42:a.b');
  t.ok(logs.lines().some((l) => l.reqId === 'client-req_42:a.b'), 'and is the log lines’ reqId');

  for (const bad of ['has space', 'line\\nbreak', 'x'.repeat(65), '', 'ключ']) {
    const replaced = await ask(bad);
    t.match(String(replaced.headers['x-request-id']), UUID, `${JSON.stringify(bad)} is replaced by a fresh id`);
  }
  const fresh = await ask();
  t.match(String(fresh.headers['x-request-id']), UUID, 'none given: a fresh id');
});
