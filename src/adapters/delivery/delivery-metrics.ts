// In-process delivery counters, one set per channel. Deliberately tiny: a metrics
// exporter (Prometheus or similar) can read `snapshot()` later; nothing here knows
// about exposition formats.

import type { Channel } from '../../ports/delivery.js';

export interface ChannelCounters {
  /** Messages the provider accepted. */
  sent: number;
  /** Messages that ended as failed (after all attempts, or refused up front, e.g. circuit open). */
  failed: number;
  /** Extra attempts made after a retryable failure (a send with 3 attempts adds 2). */
  retried: number;
}

export type DeliveryMetricsSnapshot = Record<Channel, ChannelCounters>;

export interface DeliveryMetrics {
  sent(channel: Channel): void;
  failed(channel: Channel): void;
  retried(channel: Channel): void;
  /** A copy of the counters; mutating it does not affect the metrics. */
  snapshot(): DeliveryMetricsSnapshot;
}

export function createDeliveryMetrics(): DeliveryMetrics {
  const counters: DeliveryMetricsSnapshot = {
    sms: { sent: 0, failed: 0, retried: 0 },
    email: { sent: 0, failed: 0, retried: 0 },
  };
  return {
    sent(channel) {
      counters[channel].sent += 1;
    },
    failed(channel) {
      counters[channel].failed += 1;
    },
    retried(channel) {
      counters[channel].retried += 1;
    },
    snapshot() {
      return { sms: { ...counters.sms }, email: { ...counters.email } };
    },
  };
}
