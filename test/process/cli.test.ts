// The admin commands: `npm run migrate` / `npm run clients` in development, and the
// package's compiled `esia-bridge` command from a production-only install (no tsx,
// no dev dependencies) — what the image runs.

import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t, { type Test } from 'tap';
import { freePort } from '../helpers/free-port.js';
import { freshDatabaseUrl } from '../helpers/fresh-database.js';
import { TEST_PEPPER, tempDir } from '../helpers/service.js';

const run = promisify(execFile);
const ROOT = new URL('../..', import.meta.url).pathname;

// These children run code compiled otherwise than the tests' own (tsx, or dist/): their
// coverage would not line up with the sources', so they record none.
const NO_COVERAGE = { _TAPJS_PROCESSINFO_COV_EXCLUDE_: '/./' };

async function storeEnv(t: Test): Promise<NodeJS.ProcessEnv> {
  const databaseUrl = await freshDatabaseUrl(t);
  return {
    ...NO_COVERAGE,
    PATH: '/usr/local/bin:/usr/bin:/bin',
    DATA_DIR: tempDir(t),
    CLIENT_SECRET_PEPPER: TEST_PEPPER,
    LOG_LEVEL: 'warn',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}

t.test('npm run migrate and npm run clients work in development', async (t) => {
  const env = { ...(await storeEnv(t)), PATH: process.env.PATH };
  const npm = (...args: string[]) => run('npm', ['run', '-s', ...args], { cwd: ROOT, env });
  t.match((await npm('migrate')).stdout, /^(applied: |nothing to apply)/);
  t.match((await npm('clients', '--', 'add', '--id', 'dev-client', '--name', 'Dev', '--return-url', 'https://client.example/cb')).stdout, /^client dev-client added with permissions logins\nsecret \(shown once, store it now\): \S{40,}\n$/);
});

/** `npm pack`, unpacked, with the repository's modules hard-linked in and pruned to the production ones. */
async function productionInstall(t: Test): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'esia-bridge-install-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  await run('npm', ['run', '-s', 'build'], { cwd: ROOT });
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT });
  const [packed] = JSON.parse(stdout) as { filename: string }[];
  await run('tar', ['xzf', join(dir, packed!.filename), '-C', dir]);
  const app = join(dir, 'package');
  await run('cp', ['-al', join(ROOT, 'node_modules'), join(app, 'node_modules')]);
  // npm rewrites these two: real copies, so the repository's own stay untouched.
  rmSync(join(app, 'node_modules/.package-lock.json'));
  cpSync(join(ROOT, 'node_modules/.package-lock.json'), join(app, 'node_modules/.package-lock.json'));
  cpSync(join(ROOT, 'package-lock.json'), join(app, 'package-lock.json'));
  await run('npm', ['prune', '--omit=dev', '--offline', '--no-audit', '--no-fund'], { cwd: app });
  return app;
}

t.test('the compiled esia-bridge command from a production-only install', async (t) => {
  const app = await productionInstall(t);
  for (const devOnly of ['tsx', 'typescript', 'tap', 'oidc-provider']) t.notOk(existsSync(join(app, 'node_modules', devOnly)), `no ${devOnly}`);
  t.notOk(readdirSync(app).includes('src'), 'compiled code only');
  const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const bin = join(app, manifest.bin['esia-bridge']!);
  t.match(readFileSync(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/, 'runs as a command');

  const env = await storeEnv(t);
  const cli = (...args: string[]) => run(process.execPath, [bin, ...args], { cwd: app, env });
  t.match((await cli('--help')).stdout, /^usage: esia-bridge <command>/);
  await t.rejects(cli('nonsense'), { code: 1, stderr: /^usage: esia-bridge <command>/ }, 'an unknown command shows the usage');
  await t.rejects(cli('clients', 'add', '--id', 'x'), { code: 1, stderr: /usage/ }, 'a missing option shows the usage');
  await t.rejects(cli('clients', 'add', '--id', 'x', '--name', 'X', '--return-url', 'not a url'), { code: 1, stderr: /^--return-url / });
  t.match((await cli('migrate')).stdout, /^applied: .*initial-schema/);
  t.match((await cli('clients', 'add', '--id', 'vkid', '--name', 'VK ID', '--return-url', 'https://id.vk.example/esia/return')).stdout, /^client vkid added with permissions logins\n/);
  t.match((await cli('clients', 'list')).stdout, /^vkid\tVK ID\tactive\t/m);
  t.equal((await cli('clients', 'disable', 'vkid')).stdout, 'client vkid disabled\n');

  const port = await freePort();
  const service = spawn(process.execPath, [bin, 'start'], {
    cwd: app,
    env: { ...env, NODE_ENV: 'test', PORT: String(port), OTP_SECRET: 'o'.repeat(64), PROVIDER_ISSUER: 'http://127.0.0.1:9', PROVIDER_CLIENT_SECRET: 'unused' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => service.on('exit', (code) => resolve(code)));
  t.teardown(() => {
    service.kill('SIGKILL');
  });
  let output = '';
  service.stdout.on('data', (d) => (output += d));
  service.stderr.on('data', (d) => (output += d));
  while (!output.includes('esia-bridge listening')) {
    if (service.exitCode !== null) return t.fail(`start exited: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  t.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200, 'the service answers');
  service.kill('SIGTERM');
  t.equal(await exited, 0, 'and stops on SIGTERM');
});
