// GET /metrics as Prometheus would read it: on the metrics listener of a service that
// served logins, never on the public app, labelled by route patterns and fixed
// names, never by a login id or a URL.

import t from 'tap';
import { flowHarness } from '../helpers/flow.js';
import { freePort } from '../helpers/free-port.js';
import { metricValue, parseExposition } from '../helpers/metrics.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

async function scrape(port: number, path = '/metrics') {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

t.test('a login, then /metrics on its own port', async (t) => {
  const metricsPort = await freePort();
  const h = await flowHarness(t, { METRICS_PORT: String(metricsPort) });
  t.equal(h.service.metricsPort, metricsPort);
  await h.seedRegisteredProfiles();

  const { id, claimed } = await h.login('adult-phone-email');
  t.equal(claimed.body.status, 'otp_required', JSON.stringify(claimed.body));
  const done = await h.verifyAndConfirm(id, await h.lastCode('+79990001101'));
  t.equal(done.body.status, 'completed', JSON.stringify(done.body));
  await h.login('adult-phone-email', 'deny');
  t.equal((await h.call('GET', '/v1/no-such-thing')).status, 404);
  await h.service.audit.flush();

  const answer = await scrape(metricsPort);
  t.equal(answer.status, 200);
  t.match(answer.type, /^text\/plain; version=0\.0\.4/);
  const samples = parseExposition(answer.text);
  const value = (name: string, labels: Record<string, string> = {}) =>
    samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0);

  t.notMatch(answer.text, UUID, 'no login id in any label');
  t.notMatch(answer.text, /[?&](handoff|code|state)=/, 'no URL with its query');
  t.ok(value('esia_bridge_http_request_duration_seconds_count', { method: 'POST', route: '/v1/logins/:id/claim', status_code: '200' }) >= 1, 'requests by route pattern');
  t.ok(value('esia_bridge_http_request_duration_seconds_count', { route: '/v1/callback', status_code: '303' }) >= 2);
  t.equal(value('esia_bridge_http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' }), 1, 'unrouted requests as one route');
  t.equal(value('esia_bridge_logins_started_total'), 2);
  t.equal(value('esia_bridge_logins_finished_total', { status: 'completed', error: '' }), 1);
  t.equal(value('esia_bridge_logins_finished_total', { status: 'rejected', error: 'consent_denied' }), 1, 'a rejection by its error code');
  for (const step of ['startLogin', 'authorizeLogin', 'providerCallback', 'claimLogin', 'verifyCode', 'selectProfile']) {
    t.ok(value('esia_bridge_login_step_duration_seconds_count', { step, outcome: 'ok' }) >= 1, `step ${step} timed`);
  }
  for (const call of ['discovery', 'jwks', 'token', 'userinfo']) {
    t.ok(value('esia_bridge_provider_request_duration_seconds_count', { call, outcome: 'ok' }) >= 1, `provider call ${call}`);
  }
  t.equal(value('esia_bridge_codes_sent_total', { channel: 'sms', outcome: 'sent' }), 1);
  t.ok(value('esia_bridge_audit_events_queued_total') >= 4);
  t.equal(value('esia_bridge_audit_queue_length'), 0);
  t.ok(value('esia_bridge_pg_pool_connections', { state: 'total' }) >= 1, 'pool use');
  t.equal(value('esia_bridge_dependency_up', { dependency: 'postgres' }), 1, 'readiness per dependency');
  t.equal(value('esia_bridge_dependency_up', { dependency: 'provider' }), 1);
  t.ok(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds'), 'event-loop lag');
  t.ok(samples.some((s) => s.name === 'process_cpu_user_seconds_total'), 'process metrics');

  t.equal((await h.service.app.inject('/metrics')).statusCode, 404, 'the public app does not serve them');
  t.equal((await scrape(metricsPort, '/')).status, 404);
  t.equal((await fetch(`http://127.0.0.1:${metricsPort}/metrics`, { method: 'POST' })).status, 405);
});

t.test('no METRICS_PORT outside production: no listener, no process metrics', async (t) => {
  const h = await flowHarness(t);
  t.equal(h.service.config.metricsPort, null);
  t.equal(h.service.metricsPort, null);
  t.notOk(h.service.metrics.registry.getSingleMetric('nodejs_eventloop_lag_seconds'), 'nothing samples the event loop');
});

t.test('the esia dialect: its token and person calls', async (t) => {
  const h = await flowHarness(t, {}, { dialect: 'esia' });
  const { claimed } = await h.login('adult-phone-email');
  t.equal(claimed.status, 200, JSON.stringify(claimed.body));
  const count = (call: string) => metricValue(h.service.metrics, 'esia_bridge_provider_request_duration_seconds_count', { call, outcome: 'ok' });
  t.equal(await count('token'), 1);
  t.equal(await count('person'), 2, 'the person and their contacts');
  t.equal(await count('other'), 0);
});
