// The spans the bridge makes itself (its calls to the provider) go through a hook
// that tracing.ts installs when tracing is on. With tracing off the hook stays
// empty: nothing is allocated per call and @opentelemetry/api is never loaded.

import type { CallOutcome, ProviderCall } from './metrics.js';

export interface ProviderSpan {
  end(outcome: CallOutcome, status?: number): void;
}

export type ProviderSpanStarter = (call: ProviderCall, url: string) => ProviderSpan;

let starter: ProviderSpanStarter | null = null;

export function installProviderSpans(start: ProviderSpanStarter | null): void {
  starter = start;
}

export function providerSpan(call: ProviderCall, url: string): ProviderSpan | null {
  return starter ? starter(call, url) : null;
}
