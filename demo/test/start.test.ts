// `npm start` as a newcomer runs it, with nothing configured: the demo's URL is the
// first line, the demo answers there and can start a login with the service (so it
// got the demo client's secret), and SIGTERM stops both processes cleanly.

import { spawn } from 'node:child_process';
import t, { type Test } from 'tap';
import { TS_NODE_ARGS } from '../../test/helpers/child-loader.js';
import { freePort } from '../../test/helpers/provider-fake-op.js';
import { tempDir } from '../../test/helpers/service.js';
import { VARIABLES } from '../../src/config/variables.js';

const START = new URL('../../scripts/start.ts', import.meta.url).pathname;
const DEMO_MAIN = new URL('../main.ts', import.meta.url).pathname;

// The test runner's own settings (its TypeScript loader's) pass; the service's and the demo's do not.
const inherited = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !(name in VARIABLES) && !/^(DEMO_|ESIA_BRIDGE_)/.test(name)),
);

function start(t: Test, env: NodeJS.ProcessEnv, file = START) {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, file], { env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { out: '', err: '' };
  child.stdout.on('data', (d) => (output.out += d));
  child.stderr.on('data', (d) => (output.err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  t.teardown(() => {
    child.kill('SIGKILL');
  });
  return { child, output, exited };
}

t.test('the demo alone without a client secret says what is missing', async (t) => {
  const { output, exited } = start(t, {}, DEMO_MAIN);
  t.equal(await exited, 1);
  t.equal(output.err, 'demo: configuration error: ESIA_BRIDGE_CLIENT_SECRET is required (the secret `npm run clients -- add` printed)\n');
});

t.test('a configuration the service refuses: no demo, the service says why', async (t) => {
  const { output, exited } = start(t, { PORT: '70000', DATA_DIR: tempDir(t) });
  t.equal(await exited, 1);
  t.equal(output.out, '');
  t.match(output.err, /configuration error: PORT/);
});

t.test('npm start runs the service, the sandbox and the demo, demo URL first', async (t) => {
  const [port, sandboxPort, demoPort] = [await freePort(), await freePort(), await freePort()];
  const { child, output, exited } = start(t, {
    PORT: String(port),
    SANDBOX_PORT: String(sandboxPort),
    DEMO_PORT: String(demoPort),
    DATA_DIR: tempDir(t),
    LOG_LEVEL: 'warn',
  });
  let out = '';
  const err = () => output.err;

  for (let i = 0; i < 600 && !(out.includes('esia-bridge listening') && out.includes('demo (the reference client')); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
    out = output.out;
  }
  const demoUrl = `http://localhost:${demoPort}`;
  t.equal(out.split('\n')[0], `Open ${demoUrl} to sign in through the reference client (demo/)`, 'the first line', { stderr: err() });

  const home = await fetch(`${demoUrl}/`);
  const page = await home.text();
  t.match(page, /Войти через Госуслуги/);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
  const login = await fetch(`${demoUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: (home.headers.get('set-cookie') ?? '').split(';')[0] as string, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf }),
  });
  t.equal(login.status, 303, 'the demo started a login with the service');
  t.match(login.headers.get('location'), new RegExp(`^http://localhost:(${port}|${sandboxPort})/`));

  child.kill('SIGTERM');
  t.equal(await exited, 0, 'SIGTERM: both stopped cleanly', { stderr: err() });
  await t.rejects(fetch(`${demoUrl}/`), 'the demo stopped too');
});

t.test("npm start's process, left by its parent (npm killed alone), stops the service and the demo", async (t) => {
  const [port, sandboxPort, demoPort] = [await freePort(), await freePort(), await freePort()];
  const env = { ...inherited, PORT: String(port), SANDBOX_PORT: String(sandboxPort), DEMO_PORT: String(demoPort), DATA_DIR: tempDir(t), LOG_LEVEL: 'warn' };
  // A shell in npm's place: it starts scripts/start.ts and is killed without passing the signal on.
  const command = [process.execPath, ...TS_NODE_ARGS, START].map((arg) => `'${arg}'`).join(' ');
  const shell = spawn('sh', ['-c', `${command} & wait`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  shell.stdout.on('data', (d) => (out += d));
  t.teardown(() => {
    shell.kill('SIGKILL');
  });
  for (let i = 0; i < 600 && !out.includes('esia-bridge listening'); i++) await new Promise((r) => setTimeout(r, 100));
  t.match(out, /esia-bridge listening/, 'started');
  t.ok((await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 'the service answers');

  shell.kill('SIGKILL');
  const stopped = async (url: string) => {
    for (let i = 0; i < 300; i++) {
      if (!(await fetch(url).then(() => true, () => false))) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  };
  t.ok(await stopped(`http://127.0.0.1:${port}/healthz`), 'the service stopped');
  t.ok(await stopped(`http://127.0.0.1:${demoPort}/`), 'the demo stopped');
});
