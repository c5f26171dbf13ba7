// Each request to the provider is one observation: by call and by what came back.

import t from 'tap';
import { createMetrics } from '../../src/observability/metrics.js';
import { observedFetch, oidcCalls } from '../../src/observability/provider-calls.js';
import { metricValue } from '../helpers/metrics.js';

const TOKEN = 'https://op.example/token';

t.test('outcomes: ok, http_4xx, http_5xx, timeout, network_error', async (t) => {
  const metrics = createMetrics();
  const answers: (number | Error)[] = [200, 302, 400, 503, new DOMException('late', 'TimeoutError'), new TypeError('fetch failed')];
  const base = (async () => {
    const next = answers.shift()!;
    if (next instanceof Error) throw next;
    return new Response(null, { status: next });
  }) as typeof fetch;
  const observed = observedFetch(base, metrics, oidcCalls(new Map([[TOKEN, 'token']])));
  for (let i = 0; i < 4; i++) await observed(TOKEN, { method: 'POST' });
  await t.rejects(observed(new URL(TOKEN)), { name: 'TimeoutError' }, 'a failure is rethrown as it was');
  await t.rejects(observed(new Request(TOKEN)), { name: 'TypeError' });
  const count = (outcome: string) => metricValue(metrics, 'esia_bridge_provider_request_duration_seconds_count', { call: 'token', outcome });
  t.equal(await count('ok'), 2, 'redirects count as answered');
  t.equal(await count('http_4xx'), 1);
  t.equal(await count('http_5xx'), 1);
  t.equal(await count('timeout'), 1);
  t.equal(await count('network_error'), 1);
});

t.test('oidc calls: discovery by its well-known path, then the endpoints discovery named', async (t) => {
  const callOf = oidcCalls(new Map([[TOKEN, 'token'], ['https://op.example/jwks', 'jwks']]));
  t.equal(callOf('https://op.example/.well-known/openid-configuration'), 'discovery');
  t.equal(callOf('https://op.example/jwks'), 'jwks');
  t.equal(callOf('https://op.example/elsewhere'), 'other');
});

t.test('without metrics the fetch is left as it is', async (t) => {
  const base = globalThis.fetch;
  t.equal(observedFetch(base, undefined, () => 'other'), base);
});
