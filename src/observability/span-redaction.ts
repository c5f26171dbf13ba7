// No personal data leaves in a span. The instrumentations record what they see:
// URLs with their query (the callback's carries `code` and `state`, the handoff's
// `login_id` and `handoff`), the client's address and user agent, error messages
// that may quote a value. This processor runs first, when a span ends and before
// any exporter sees it, and cuts all of that; SQL parameters are never recorded
// (the pg instrumentation's enhanced reporting stays off) and Redis commands lose
// their arguments where the instrumentation is set up (tracing.ts).

import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-node';

type Attributes = Record<string, unknown>;

/** Attributes that describe the person's browser or network, never kept. */
const DROPPED = new Set([
  'url.query',
  'http.user_agent',
  'user_agent.original',
  'client.address',
  'http.client_ip',
  'net.peer.ip',
  'net.sock.peer.addr',
  'network.peer.address',
  'http.request.header.cookie',
  'http.request.header.authorization',
]);

/** Attributes whose value is a URL or a path: kept without the query. */
const URL_KEYS = /^(url\.|http\.(url|target)$)/;

/** Error texts may quote a submitted value ("invalid input syntax …: "…""). */
const QUOTED = /"[^"]*"|'[^']*'/g;

export function redactAttributes(attributes: Attributes): void {
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (DROPPED.has(key)) delete attributes[key];
    else if (typeof value === 'string' && URL_KEYS.test(key)) attributes[key] = withoutQuery(value);
    else if (typeof value === 'string' && key.startsWith('exception.')) attributes[key] = value.replace(QUOTED, '"…"');
  }
}

function withoutQuery(value: string): string {
  const q = value.search(/[?#]/);
  return q === -1 ? value : value.slice(0, q);
}

export class RedactingSpanProcessor implements SpanProcessor {
  onStart(_span: Span, _context: Context): void {}

  // The span's attribute and event objects are the ones every later processor and
  // exporter reads: cleaning them here cleans what is exported.
  onEnd(span: ReadableSpan): void {
    redactAttributes(span.attributes as Attributes);
    for (const event of span.events) if (event.attributes) redactAttributes(event.attributes as Attributes);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
