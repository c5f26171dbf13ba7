// Boot: configuration → service → listen. On SIGTERM/SIGINT: /readyz fails at once
// while the service keeps serving for SHUTDOWN_DRAIN_MS (the load balancer's window
// to stop sending requests), then it stops accepting, lets in-flight requests finish
// within SHUTDOWN_GRACE_MS, closes pools, sends the last traces and exits 0.
//
// Only configuration and logging are imported up front: with a trace collector
// configured, tracing starts before the service's modules (Fastify, pg, ioredis)
// load, so its instrumentations see them; without one, it is never loaded.

import closeWithGrace from 'close-with-grace';
import { collectStartupGarbage } from './collect-startup-garbage.js';
import { ConfigError, loadConfig, type Config } from './config/index.js';
import { fileDevSecrets } from './config/dev-secrets.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel, config.nodeEnv);
  const tracing = config.otlpEndpoint ? (await import('./observability/tracing.js')).startTracing(config.otlpEndpoint) : null;
  const { DEMO_CLIENT_ID, startService } = await import('./service.js');
  const service = await startService(config, logger);

  const delay = config.shutdownDrainMs + config.shutdownGraceMs;
  // Killed by the deadline, the process still logs the audit events it could not write.
  const onTimeout = (ms: number) => {
    service.audit.abandon();
    logger.error({ event: 'process.killed', delayMs: ms }, `killed by timeout (${ms}ms)`);
  };
  closeWithGrace({ delay, onTimeout, logger: { error: (m: unknown) => logger.error(m) } }, async ({ signal, err }) => {
    service.drain();
    if (err) logger.error({ err, event: 'process.error' }, 'closing after an unexpected error');
    else {
      logger.info({ event: 'process.draining', signal, drainMs: config.shutdownDrainMs }, 'stopping: readiness fails, still serving');
      await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
      logger.info({ event: 'process.stopping', signal }, 'stopping: finishing in-flight requests');
    }
    await service.close();
    await tracing?.shutdown();
  });

  await service.app.listen({ port: config.port, host: config.host });
  setTimeout(collectStartupGarbage, 2000).unref();
  announce(config, DEMO_CLIENT_ID);
}

function readConfig(): Config {
  try {
    return loadConfig(process.env, fileDevSecrets);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const problem of err.problems) process.stderr.write(`esia-bridge: configuration error: ${problem}\n`);
    process.exit(1);
  }
}

// Development conveniences are printed to the terminal, not logged: the demo secret
// must not end up in a log pipeline.
function announce(config: Config, demoClientId: string): void {
  const lines = [`esia-bridge listening on ${config.publicUrl} (${config.nodeEnv})`];
  if (config.demoClient) {
    lines.push(`  demo API client: id=${demoClientId}` +
      (config.demoClient.secretGenerated ? ` secret=${config.demoClient.secret} (generated; set DEMO_CLIENT_SECRET to choose one)` : ' secret=<DEMO_CLIENT_SECRET>'));
    lines.push(`  demo return URLs: ${config.demoClient.returnUrls.join(', ')}`);
  }
  if (config.nodeEnv === 'development' && !config.devHelpers) {
    lines.push(`  development helpers (demo client, GET /dev/outbox) are off: HOST=${config.host} is not a loopback address`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`esia-bridge: failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
