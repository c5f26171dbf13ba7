// The remote signer against a real signing service on loopback: the same signatures
// as in process (cross-checked with the openssl command), its timeout, 5xx retries,
// refusals that are not retried, and the circuit breaker.
import pino from 'pino';
import t, { type Test } from 'tap';
import { createInProcessSigner } from '../../../src/adapters/signer/in-process-signer.js';
import { createRemoteSigner, type RemoteSignerOptions } from '../../../src/adapters/signer/remote-signer.js';
import { SignerUnavailable } from '../../../src/ports/signer.js';
import { captureLogger } from '../../helpers/capture-logs.js';
import { CLIENT, ENGINE_PATH, certDer, opensslStreebog, opensslVerify } from '../../helpers/gost.js';
import { startSigningServer } from '../../helpers/signing-server.js';

const local = createInProcessSigner({ enginePath: ENGINE_PATH, privateKeyPem: CLIENT.privateKeyPem });
const AUTH = 'Bearer signer-test-token';
const data = Buffer.from('client_id+scope+timestamp+state+redirect_uri', 'utf8');

async function setup(t: Test, overrides: Partial<RemoteSignerOptions> = {}) {
  const server = await startSigningServer(t, local, AUTH);
  const signer = createRemoteSigner(
    { url: server.url, authorization: AUTH, timeoutMs: 300, maxAttempts: 2, backoffInitialMs: 10, ...overrides },
    pino({ level: 'silent' }),
  );
  return { server, signer };
}

t.test('signs, verifies and hashes through the service', async (t) => {
  const { server, signer } = await setup(t);
  const signature = await signer.sign(data);
  t.ok(opensslVerify(data, signature, CLIENT), 'the openssl command accepts the remote signature');
  t.equal(await signer.verify(data, signature, certDer(CLIENT)), true);
  t.equal(await signer.verify(Buffer.from('other'), signature, certDer(CLIENT)), false);
  t.same(Buffer.from(await signer.digest(data)), opensslStreebog(data));
  t.equal(signer.kind, 'remote');
  t.same(server.requests.map((r) => r.path), ['/sign', '/verify', '/verify', '/digest']);
  t.ok(server.requests.every((r) => r.authorization === AUTH), 'the configured Authorization header on every call');
});

t.test('a hanging attempt times out and the retry succeeds', async (t) => {
  const { server, signer } = await setup(t);
  server.script = ['hang'];
  const started = Date.now();
  t.ok(opensslVerify(data, await signer.sign(data), CLIENT));
  t.ok(Date.now() - started >= 280, 'waited for the attempt timeout');
  t.equal(server.requests.length, 2);
});

t.test('a service that always hangs: SignerUnavailable within the deadline, reason logged', async (t) => {
  const server = await startSigningServer(t, local, AUTH);
  const { logger, lines } = captureLogger();
  const signer = createRemoteSigner({ url: server.url, authorization: AUTH, timeoutMs: 200, maxAttempts: 2, backoffInitialMs: 10 }, logger);
  server.script = ['hang', 'hang'];
  const started = Date.now();
  const err = await signer.sign(data).catch((e: unknown) => e);
  t.ok(err instanceof SignerUnavailable);
  t.equal((err as SignerUnavailable).reason, 'attempt_timeout');
  t.ok(Date.now() - started < 1500, 'bounded by the configured timeouts');
  const failed = lines().find((l) => l.event === 'signer.failed');
  t.match(failed, { operation: 'sign', attempts: 2, reason: 'attempt_timeout' });
  t.notMatch(JSON.stringify(lines()), data.toString('base64'), 'the signed bytes are never logged');
});

t.test('5xx is retried; a lasting 5xx fails with its status', async (t) => {
  const { server, signer } = await setup(t);
  server.script = [503];
  t.ok(await signer.sign(data), 'second attempt after a 503');
  server.script = [500, 500];
  const err = (await signer.sign(data).catch((e: unknown) => e)) as SignerUnavailable;
  t.equal(err.reason, 'http_500');
  t.equal(server.requests.length, 4);
});

t.test('a refusal (401) and a malformed answer are not retried', async (t) => {
  const { server, signer } = await setup(t, { authorization: 'Bearer wrong' });
  t.equal(((await signer.sign(data).catch((e: unknown) => e)) as SignerUnavailable).reason, 'http_401');
  t.equal(server.requests.length, 1);
  const good = createRemoteSigner({ url: server.url, authorization: AUTH, timeoutMs: 300, maxAttempts: 2 }, pino({ level: 'silent' }));
  server.script = ['garbage'];
  t.equal(((await good.digest(data).catch((e: unknown) => e)) as SignerUnavailable).reason, 'invalid_response');
  server.script = ['no-field'];
  t.equal(((await good.verify(data, data, certDer(CLIENT)).catch((e: unknown) => e)) as SignerUnavailable).reason, 'invalid_response');
});

t.test('a service that keeps failing opens the breaker: later calls fail fast without contacting it', async (t) => {
  const { server, signer } = await setup(t, { maxAttempts: 1, breakerThreshold: 2, breakerCooldownMs: 60_000 });
  server.script = [500, 500];
  await signer.sign(data).catch(() => undefined);
  await signer.sign(data).catch(() => undefined);
  const err = (await signer.sign(data).catch((e: unknown) => e)) as SignerUnavailable;
  t.equal(err.reason, 'circuit_open');
  t.equal(server.requests.length, 2, 'the third call never reached the service');
});

t.test('an unreachable service is a network error', async (t) => {
  const signer = createRemoteSigner({ url: 'http://127.0.0.1:9/signer', authorization: null, timeoutMs: 300, maxAttempts: 1 }, pino({ level: 'silent' }));
  t.equal(((await signer.sign(data).catch((e: unknown) => e)) as SignerUnavailable).reason, 'network_error');
});
