// Reading the service's metrics in tests: one sample's value from the registry, or
// the samples of a Prometheus text answer.

import type { Metrics } from '../../src/observability/metrics.js';

const SUFFIXES = ['_bucket', '_count', '_sum'];

/**
 * The sum of the samples named `sample` (a counter, a gauge, or a histogram's
 * `_count`/`_sum`/`_bucket`) whose labels include `labels`; 0 when there is none.
 */
export async function metricValue(metrics: Pick<Metrics, 'registry'>, sample: string, labels: Record<string, string> = {}): Promise<number> {
  const suffix = SUFFIXES.find((s) => sample.endsWith(s));
  const family = metrics.registry.getSingleMetric(sample) ?? (suffix ? metrics.registry.getSingleMetric(sample.slice(0, -suffix.length)) : undefined);
  if (!family) throw new Error(`no metric ${sample}`);
  const { values } = await family.get();
  return values
    .filter((v) => ((v as { metricName?: string }).metricName ?? sample) === sample)
    .filter((v) => Object.entries(labels).every(([k, x]) => String((v.labels as Record<string, unknown>)[k]) === x))
    .reduce((sum, v) => sum + v.value, 0);
}

/** Sample lines of a Prometheus text answer: name, labels and value. */
export function parseExposition(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [, name, rawLabels = '', value] = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line) ?? [];
      if (!name) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...rawLabels.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { name, labels, value: Number(value) };
    });
}
