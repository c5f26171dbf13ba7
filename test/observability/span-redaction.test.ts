// What the redaction cuts from a span before any exporter sees it.

import t from 'tap';
import { redactAttributes, RedactingSpanProcessor } from '../../src/observability/span-redaction.js';

t.test('queries, client details and quoted values are cut; the rest is kept', async (t) => {
  const attributes: Record<string, unknown> = {
    'url.full': 'http://bridge.example/v1/callback?code=abc&state=def',
    'url.path': '/v1/callback?code=abc#frag',
    'http.target': '/v1/callback?state=def',
    'url.query': 'code=abc',
    'client.address': '203.0.113.7',
    'user_agent.original': 'Mozilla/5.0',
    'http.route': '/v1/callback',
    'http.response.status_code': 303,
    'exception.message': 'invalid input syntax for type date: "31.02.1990"',
  };
  redactAttributes(attributes);
  t.same(attributes, {
    'url.full': 'http://bridge.example/v1/callback',
    'url.path': '/v1/callback',
    'http.target': '/v1/callback',
    'http.route': '/v1/callback',
    'http.response.status_code': 303,
    'exception.message': 'invalid input syntax for type date: "…"',
  });
});

t.test('the processor cleans a span’s attributes and its events’', async (t) => {
  const span = {
    attributes: { 'url.path': '/x?handoff=h' },
    events: [{ attributes: { 'exception.message': "value 'secret' refused" } }, {}],
  };
  const processor = new RedactingSpanProcessor();
  processor.onStart(span as never, {} as never);
  processor.onEnd(span as never);
  t.same(span.attributes, { 'url.path': '/x' });
  t.same(span.events[0]?.attributes, { 'exception.message': 'value "…" refused' });
  await processor.forceFlush();
  await processor.shutdown();
});
