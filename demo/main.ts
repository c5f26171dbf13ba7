// Runs the demo: configuration from the environment → app → listen. `npm start`
// runs it next to the service in development (scripts/start.ts); alone:
//   ESIA_BRIDGE_CLIENT_SECRET=… npx tsx demo/main.ts

import pino from 'pino';
import { buildDemoApp } from './app.js';
import { DemoConfigError, loadDemoConfig, type DemoConfig } from './config.js';

function readConfig(): DemoConfig {
  try {
    return loadDemoConfig(process.env);
  } catch (err) {
    if (!(err instanceof DemoConfigError)) throw err;
    for (const problem of err.problems) process.stderr.write(`demo: configuration error: ${problem}\n`);
    process.exit(1);
  }
}

const config = readConfig();
const app = await buildDemoApp(config, { logger: pino({ level: 'warn' }) });
await app.listen({ port: config.port, host: config.host });
process.stdout.write(`demo (the reference client, demo/) on ${config.publicUrl}: sessions in memory, one process only\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
