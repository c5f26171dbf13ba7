// Issue 5, configuration of the delivery channels, on the real entry point as a
// process: an unusable channel configuration stops start-up (exit 1) with a message
// that names what is wrong, before anything listens; a complete one starts.

import net from 'node:net';
import t, { type Test } from 'tap';
import { tempDir } from '../helpers/service.js';
import { runMain as run } from '../helpers/run-main.js';

/** Every child: its own data folder and an (unreachable) external provider, so no sandbox. */
function baseEnv(t: Test): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: tempDir(t),
    PROVIDER_ISSUER: 'http://127.0.0.1:9',
    PROVIDER_CLIENT_SECRET: 'fictional-provider-secret',
  };
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('esia-bridge: configuration error: '));
}

t.test('OTP_EMAIL_CHANNEL=smtp without SMTP_HOST: exit 1, the message names SMTP_HOST', async (t) => {
  const p = run({ ...baseEnv(t), OTP_EMAIL_CHANNEL: 'smtp', SMTP_FROM: 'no-reply@bridge.example' });
  t.equal(await p.exited, 1, p.err());
  const lines = errorLines(p.err());
  t.equal(lines.length, 1, p.err());
  t.match(lines[0], /^esia-bridge: configuration error: SMTP_HOST is required with OTP_EMAIL_CHANNEL=smtp\b/);
  t.notMatch(p.err(), /\n\s+at /, 'no stack trace');
  t.notMatch(p.out(), /listening/);
});

t.test('SMTP_HOST and SMTP_FROM both missing: one line for each', async (t) => {
  const p = run({ ...baseEnv(t), OTP_EMAIL_CHANNEL: 'smtp' });
  t.equal(await p.exited, 1);
  const lines = errorLines(p.err());
  t.equal(lines.length, 2, p.err());
  t.match(p.err(), /SMTP_HOST is required/);
  t.match(p.err(), /SMTP_FROM is required/);
});

t.test('an SMS body template without {text}: exit 1, the message names the missing {text}', async (t) => {
  const p = run({
    ...baseEnv(t),
    OTP_SMS_CHANNEL: 'http',
    SMS_GATEWAY_URL: 'http://127.0.0.1:9/send',
    SMS_GATEWAY_BODY_TEMPLATE: '{"to":"{phone}"}',
  });
  t.equal(await p.exited, 1, p.err());
  const lines = errorLines(p.err());
  t.equal(lines.length, 1, p.err());
  t.match(lines[0], /^esia-bridge: configuration error: SMS_GATEWAY_BODY_TEMPLATE /);
  t.match(lines[0], /\{text\}/);
  t.notMatch(lines[0], /\{phone\} placeholder/, 'only the missing placeholder is named');
  t.notMatch(p.err(), /\n\s+at /, 'no stack trace');
});

t.test('OTP_SMS_CHANNEL=http without SMS_GATEWAY_URL: exit 1, the message names SMS_GATEWAY_URL', async (t) => {
  const p = run({ ...baseEnv(t), OTP_SMS_CHANNEL: 'http' });
  t.equal(await p.exited, 1);
  const lines = errorLines(p.err());
  t.equal(lines.length, 1, p.err());
  t.match(lines[0], /^esia-bridge: configuration error: SMS_GATEWAY_URL is required with OTP_SMS_CHANNEL=http\b/);
});

t.test('the same channels, completely configured, start (control)', async (t) => {
  const port = await freePort();
  const p = run({
    ...baseEnv(t),
    PORT: String(port),
    OTP_EMAIL_CHANNEL: 'smtp',
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: '9',
    SMTP_FROM: 'no-reply@bridge.example',
    OTP_SMS_CHANNEL: 'http',
    SMS_GATEWAY_URL: 'http://127.0.0.1:9/send',
    SMS_GATEWAY_BODY_TEMPLATE: '{"to":"{phone}","text":"{text}"}',
  });
  t.teardown(() => {
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
  });
  const deadline = Date.now() + 60_000;
  while (!p.out().includes('listening') && p.child.exitCode === null && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
  }
  t.match(p.out(), /listening/, `started: ${p.err()}`);
  t.same(errorLines(p.err()), []);
  p.child.kill('SIGTERM');
  t.equal(await p.exited, 0, p.err());
});
