// `npm run sandbox`: the ESIA sandbox alone, for local development of the service.
import { pino } from 'pino';

if (process.env.NODE_ENV === 'production') {
  process.stderr.write('ESIA sandbox refuses to run with NODE_ENV=production: it signs in fictional people with throwaway keys.\n');
  process.exit(1);
}

const port = Number(process.env.SANDBOX_PORT ?? 3001);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`SANDBOX_PORT must be a port number, got ${process.env.SANDBOX_PORT}\n`);
  process.exit(1);
}

const clientSecret = process.env.PROVIDER_CLIENT_SECRET ?? 'sandbox-dev-secret';
if (process.env.PROVIDER_CLIENT_SECRET === undefined) {
  process.stdout.write('PROVIDER_CLIENT_SECRET is not set; the sandbox client uses "sandbox-dev-secret".\n');
}

// Loaded only now so that a refused start never even loads oidc-provider (and its console notices).
const { startSandbox } = await import('./index.js');
const sandbox = await startSandbox({
  port,
  logger: pino(),
  clients: [
    {
      client_id: process.env.PROVIDER_CLIENT_ID ?? 'esia-bridge',
      client_secret: clientSecret,
      redirect_uris: [process.env.PROVIDER_REDIRECT_URI ?? 'http://localhost:3000/v1/callback'],
    },
  ],
});
process.stdout.write(`ESIA sandbox: ${sandbox.url} (issuer ${sandbox.issuer})\n`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void sandbox.close().then(() => process.exit(0)));
}
