// `npm run sandbox` as a process: refuses production, serves discovery otherwise.
import t from 'tap';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { TS_NODE_ARGS } from '../helpers/child-loader.js';

const main = fileURLToPath(new URL('../../src/sandbox/main.ts', import.meta.url));

const inherited = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^(PROVIDER_|SANDBOX_|NODE_ENV$)/.test(name)),
);

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, main], {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, output: () => ({ stdout, stderr }) };
}

t.test('refuses to run with NODE_ENV=production', async (t) => {
  const { exited, output } = run({ NODE_ENV: 'production' });
  const [code] = await exited;
  t.equal(code, 1);
  t.match(output().stderr, /^ESIA sandbox refuses to run with NODE_ENV=production[^\n]*\n$/);
  t.equal(output().stdout, '');
});

t.test('refuses a SANDBOX_PORT that is not a port', async (t) => {
  const { exited, output } = run({ SANDBOX_PORT: 'abc' });
  t.equal((await exited)[0], 1);
  t.match(output().stderr, 'SANDBOX_PORT must be a port number');
});

t.test('serves the sandbox for the configured client and stops on SIGTERM', async (t) => {
  const { child, exited, output } = run({ SANDBOX_PORT: '0', PROVIDER_CLIENT_ID: 'from-env' });
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let url: string | undefined;
  for (let i = 0; i < 200 && !url; i += 1) {
    url = /ESIA sandbox: (\S+)/.exec(output().stdout)?.[1];
    if (!url) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.match(output().stdout, 'uses "sandbox-dev-secret"');

  const discovery = (await (await fetch(`${url}/.well-known/openid-configuration`)).json()) as { issuer: string };
  t.equal(discovery.issuer, url);
  const query = new URLSearchParams({
    client_id: 'from-env',
    response_type: 'code',
    scope: 'openid',
    redirect_uri: 'http://localhost:3000/v1/callback',
    code_challenge: 'a'.repeat(43),
    code_challenge_method: 'S256',
  });
  const auth = await fetch(`${url}/auth?${query}`, { redirect: 'manual' });
  t.match(auth.headers.get('location'), /^\/interaction\//, 'the env client is registered');

  child.kill('SIGTERM');
  t.equal((await exited)[0], 0);
});
