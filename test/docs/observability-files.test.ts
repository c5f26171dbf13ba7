// The dashboard and the alert rules in deploy/ must watch metrics the service really
// exports: each name they use is looked up in the /metrics answer of a service that
// served logins (through a real SMS gateway, so the delivery metrics are there too),
// and each alert has its section in the runbook.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import t from 'tap';
import { parse } from 'yaml';
import { flowHarness } from '../helpers/flow.js';
import { freePort } from '../helpers/free-port.js';
import { parseExposition } from '../helpers/metrics.js';
import { lastSmsCode, smsGatewayEnv, startSmsGateway } from '../helpers/sms-gateway.js';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels: { severity: string };
  annotations: { summary: string; description: string; runbook_url: string };
}

const rules = (parse(read('deploy/prometheus/alerts.yml')) as { groups: { name: string; rules: Rule[] }[] }).groups.flatMap((g) => g.rules);

interface Panel {
  type: string;
  title: string;
  targets?: { expr: string }[];
}
const dashboard = JSON.parse(read('deploy/grafana/esia-bridge.json')) as { uid: string; panels: Panel[] };

// Series names in PromQL: the service's own, Node's, and Prometheus's own `up`.
const SERIES = /\b(?:esia_bridge_|nodejs_|process_)[a-z0-9_]+|\bup(?=\{)/g;
const seriesIn = (expr: string) => [...expr.matchAll(SERIES)].map((m) => m[0]);

t.test('alert rules: the four kinds the issue asks for, each complete and in the runbook', async (t) => {
  const runbook = read('docs/operations.md');
  const names = rules.map((r) => r.alert);
  t.equal(new Set(names).size, names.length, 'unique names');
  for (const kind of [/Provider/, /Delivery|Code/, /NotReady/, /Slow|Latency|Lag/, /AuditEventsDropped/]) {
    t.ok(names.some((n) => kind.test(n)), `an alert on ${kind}`);
  }
  for (const rule of rules) {
    t.match(rule.labels.severity, /^(warning|critical)$/, `${rule.alert}: severity`);
    t.ok(rule.annotations.summary && rule.annotations.description, `${rule.alert}: summary and description`);
    t.ok(seriesIn(rule.expr).length > 0, `${rule.alert}: names a metric`);
    const anchor = rule.alert.toLowerCase();
    t.equal(rule.annotations.runbook_url, `docs/operations.md#${anchor}`, `${rule.alert}: links its runbook section`);
    t.match(runbook, new RegExp(`^### ${rule.alert}$`, 'm'), `${rule.alert}: the runbook says what it means and what to do`);
  }
});

t.test('promtool accepts the rules (PromQL, templates, durations)', async (t) => {
  const rulesFile = new URL('../../deploy/prometheus/alerts.yml', import.meta.url).pathname;
  const out = execFileSync('promtool', ['check', 'rules', rulesFile], { encoding: 'utf8' });
  t.match(out, new RegExp(`SUCCESS: ${rules.length} rules found`));
});

t.test('dashboard: every panel queries something', async (t) => {
  t.equal(dashboard.uid, 'esia-bridge');
  const graphs = dashboard.panels.filter((p) => p.type !== 'row');
  t.ok(graphs.length >= 10);
  for (const panel of graphs) t.ok(panel.targets?.length && panel.targets.every((q) => seriesIn(q.expr).length > 0), panel.title);
});

t.test('every metric the rules and the dashboard name is in a real /metrics answer', async (t) => {
  const gateway = await startSmsGateway(t);
  const metricsPort = await freePort();
  const h = await flowHarness(t, { METRICS_PORT: String(metricsPort), ...smsGatewayEnv(gateway) });
  await h.seedRegisteredProfiles();
  const { id, claimed } = await h.login('adult-phone-email');
  t.equal(claimed.body.otp?.delivery, 'sent', JSON.stringify(claimed.body));
  t.equal((await h.verifyAndConfirm(id, lastSmsCode(gateway))).body.status, 'completed');
  await h.login('adult-phone-email', 'deny');

  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const exported = new Set(parseExposition(text).map((s) => s.name));
  const named = new Set([...rules.map((r) => r.expr), ...dashboard.panels.flatMap((p) => p.targets?.map((q) => q.expr) ?? [])].flatMap(seriesIn));
  t.ok(named.size >= 20, `${named.size} metrics named`);
  for (const name of named) {
    if (name === 'up') continue; // written by Prometheus itself for each scrape
    t.ok(exported.has(name), `${name} is exported`);
  }
});
