// esia-bridge clients: adding a client with permissions, changing them, listing them.
// Runs the real CLI as a child process on the test's database.

import { spawn } from 'node:child_process';
import t from 'tap';
import { TS_NODE_ARGS } from '../helpers/child-loader.js';
import { freshDatabaseUrl } from '../helpers/fresh-database.js';
import { tempDir, testEnv } from '../helpers/service.js';

const CLI = new URL('../../src/cli/esia-bridge.ts', import.meta.url).pathname;

function runCli(env: NodeJS.ProcessEnv, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [...TS_NODE_ARGS, CLI, 'clients', ...args], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

t.test('clients CLI manages permissions', async (t) => {
  const databaseUrl = await freshDatabaseUrl(t);
  const env = testEnv(tempDir(t), databaseUrl ? { DATABASE_URL: databaseUrl } : {});
  const cli = (...args: string[]) => runCli(env, args);
  const listed = async (id: string) => (await cli('list')).out.split('\n').find((line) => line.startsWith(`${id}\t`)) ?? '';

  const added = await cli('add', '--id', 'vkid', '--name', 'VK ID', '--return-url', 'https://vk.example/esia/return');
  t.equal(added.code, 0, added.err);
  t.match(added.out, /client vkid added with permissions logins\n/);
  t.match(await listed('vkid'), /\tlogins\t/, 'logins only by default');

  const school = await cli('add', '--id', 'school', '--name', 'School', '--return-url', 'https://school.example/r', '--permissions', 'profiles:read,logins');
  t.equal(school.code, 0, school.err);
  t.match(await listed('school'), /\tlogins,profiles:read\t/);

  const changed = await cli('permissions', 'vkid', 'logins,profiles:read,profiles:write');
  t.equal(changed.code, 0, changed.err);
  t.match(changed.out, /client vkid now has permissions logins,profiles:read,profiles:write/);
  t.match(await listed('vkid'), /\tlogins,profiles:read,profiles:write\t/);

  const unknown = await cli('permissions', 'vkid', 'logins,admin');
  t.equal(unknown.code, 1);
  t.match(unknown.err, /unknown permission admin/);
  t.match(await listed('vkid'), /\tlogins,profiles:read,profiles:write\t/, 'unchanged');

  const nobody = await cli('permissions', 'nobody', 'logins');
  t.equal(nobody.code, 1);
  t.match(nobody.err, /no client nobody/);

  const bad = await cli('add', '--id', 'bad', '--name', 'Bad', '--return-url', 'https://bad.example/r', '--permissions', 'everything');
  t.equal(bad.code, 1);
  t.match(bad.err, /--permissions unknown permission everything/);
  t.equal(await listed('bad'), '', 'not created');

  const usage = await cli('permissions', 'vkid');
  t.equal(usage.code, 1);
  t.match(usage.err, /clients permissions <id> <list>/);
});
