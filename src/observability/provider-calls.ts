// Requests to the identity provider, measured where they leave: a fetch that records
// each one as esia_bridge_provider_request_duration_seconds{call, outcome} (to the
// response's headers) and, with tracing on, as a span named by the call. The span
// carries the call, the status and the provider's host — never the URL, whose path
// or query may hold a person's identifier or a code.

import type { CallOutcome, ProviderCall, ProviderMetrics } from './metrics.js';
import { providerSpan } from './trace-hooks.js';

export type CallClassifier = (url: string) => ProviderCall;

export function observedFetch(base: typeof fetch, metrics: ProviderMetrics | undefined, callOf: CallClassifier): typeof fetch {
  if (!metrics) return base;
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const call = callOf(url);
    const span = providerSpan(call, url);
    const start = performance.now();
    try {
      const response = await base(input, init);
      const outcome = statusOutcome(response.status);
      metrics.providerCall(call, outcome, (performance.now() - start) / 1000);
      span?.end(outcome, response.status);
      return response;
    } catch (err) {
      const outcome = failureOutcome(err);
      metrics.providerCall(call, outcome, (performance.now() - start) / 1000);
      span?.end(outcome);
      throw err;
    }
  };
}

function statusOutcome(status: number): CallOutcome {
  if (status >= 500) return 'http_5xx';
  return status >= 400 ? 'http_4xx' : 'ok';
}

function failureOutcome(err: unknown): CallOutcome {
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network_error';
}

/** An OpenID provider: discovery by its well-known path, the rest by the endpoints discovery named. */
export function oidcCalls(endpoints: ReadonlyMap<string, ProviderCall>): CallClassifier {
  return (url) => (url.includes('/.well-known/') ? 'discovery' : (endpoints.get(url) ?? 'other'));
}
