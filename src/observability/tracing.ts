// Traces over OTLP/HTTP, on only with OTEL_EXPORTER_OTLP_ENDPOINT. main.ts imports
// this module before any of the service's own, and only then: a service without a
// collector never loads the SDK, the instrumentations or their hooks. Started here,
// the instrumentations see node:http, Fastify, pg and ioredis load (ESM imports
// through the import hook registered first); the provider calls get spans of their
// own (provider-calls.ts). An incoming `traceparent` is continued (the W3C
// propagator registered with the provider); the sampler and other OTEL_* settings
// come from the SDK's own variables.

import { register } from 'node:module';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import FastifyOtel from '@fastify/otel';
import type { ProviderCall } from './metrics.js';
import { RedactingSpanProcessor } from './span-redaction.js';
import { installProviderSpans, type ProviderSpanStarter } from './trace-hooks.js';

export interface Tracing {
  /** Exports what is pending and stops. */
  shutdown(): Promise<void>;
}

/** Probes and scrapes come every few seconds and tell nothing about a login. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export function startTracing(endpoint: string): Tracing {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const exporter = new OTLPTraceExporter({ url: new URL('v1/traces', endpoint).href });
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME || 'esia-bridge' })),
    spanProcessors: [new RedactingSpanProcessor(), new BatchSpanProcessor(exporter)],
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        disableOutgoingRequestInstrumentation: true,
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0] ?? ''),
      }),
      new FastifyOtel.FastifyOtelInstrumentation({ registerOnInitialization: true }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      // The command only: its arguments are keys and login records.
      new IORedisInstrumentation({ dbStatementSerializer: (command) => command }),
    ],
  });
  installProviderSpans(providerSpans());
  return {
    async shutdown() {
      installProviderSpans(null);
      await provider.shutdown();
    },
  };
}

function providerSpans(): ProviderSpanStarter {
  const tracer = trace.getTracer('esia-bridge');
  return (call: ProviderCall, url: string) => {
    const span = tracer.startSpan(`provider ${call}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'esia_bridge.provider.call': call, 'server.address': new URL(url).host },
    });
    return {
      end(outcome, status) {
        span.setAttribute('esia_bridge.provider.outcome', outcome);
        if (status !== undefined) span.setAttribute('http.response.status_code', status);
        if (outcome !== 'ok') span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      },
    };
  };
}
