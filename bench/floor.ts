// The floor `POST /v1/logins` is compared with: what the same framework and store
// allow when a request does nothing else — a bare Fastify server that parses the JSON
// body, stores ONE login-sized record (ioredis SET with a TTL, or a Map when the
// service runs on its in-process store) and answers 201 with a login-shaped body. No
// authentication, no audit, no provider URL. Run as its own process, like the service.
//
// Environment: PORT, RECORD_BYTES, REDIS_URL (optional), REDIS_KEY_PREFIX.

import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { Redis } from 'ioredis';

const port = Number(process.env.PORT);
const recordBytes = Number(process.env.RECORD_BYTES ?? 700);
const prefix = process.env.REDIS_KEY_PREFIX ?? 'esia-bridge-floor';
const TTL_MS = 900_000;

const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL, { enableOfflineQueue: true }) : null;
const memory = new Map<string, string>();

async function store(key: string, value: string): Promise<void> {
  if (redis) await redis.set(key, value, 'PX', TTL_MS);
  else memory.set(key, value);
}

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));
app.post<{ Body: { return_to?: string } }>('/v1/logins', async (request, reply) => {
  const id = randomUUID();
  const expiresAt = new Date(Date.now() + TTL_MS).toISOString();
  const record = { id, status: 'awaiting_provider', returnTo: request.body?.return_to ?? null, expiresAt, padding: '' };
  record.padding = 'x'.repeat(Math.max(recordBytes - JSON.stringify(record).length, 0));
  await store(`${prefix}:login:{${id}}`, JSON.stringify(record));
  return reply.code(201).send({ id, status: 'awaiting_provider', authorization_url: `http://127.0.0.1:${port}/v1/logins/${id}/authorize`, expires_at: expiresAt });
});

await app.listen({ port, host: '127.0.0.1' });
process.on('SIGTERM', () => {
  void app.close().then(async () => {
    await redis?.quit();
    process.exit(0);
  });
});
