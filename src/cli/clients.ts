// npm run clients -- add|list|permissions|disable: manages the API clients (client
// backends). A new client's secret is printed once and stored only as a keyed hash.
// Permissions (src/domain/permissions.ts) are logins only unless granted.

import { parseArgs } from 'node:util';
import { apiClientsRepository } from '../adapters/postgres/api-clients-repository.js';
import { migrate } from '../adapters/postgres/migrate.js';
import { generateClientSecret, hashClientSecret } from '../auth/client-secret.js';
import { urlList } from '../config/parsers.js';
import { DEFAULT_PERMISSIONS, parsePermissions, PERMISSIONS, type Permission } from '../domain/permissions.js';
import pino from 'pino';
import { fail, withDatabase } from './context.js';

const USAGE = `usage:
  npm run clients -- add --id <id> --name <name> --return-url <url> [--return-url <url> ...] [--permissions <list>]
  npm run clients -- list
  npm run clients -- permissions <id> <list>
  npm run clients -- disable <id>
<list>: comma-separated, from ${PERMISSIONS.join(', ')} (default: ${DEFAULT_PERMISSIONS.join(',')})`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    id: { type: 'string' },
    name: { type: 'string' },
    'return-url': { type: 'string', multiple: true },
    permissions: { type: 'string' },
  },
});
const [command, ...rest] = positionals;

await withDatabase(async (db, config) => {
  await migrate(db.pool, pino({ level: 'silent' }));
  const clients = apiClientsRepository(db.pool);
  switch (command) {
    case 'add': {
      if (!values.id || !values.name || !values['return-url']) fail(USAGE);
      const returnUrls = parseReturnUrls(values['return-url']);
      const permissions = values.permissions === undefined ? DEFAULT_PERMISSIONS : permissionList(values.permissions, '--permissions ');
      const secret = generateClientSecret();
      await clients.create({
        id: values.id,
        name: values.name,
        secretHash: hashClientSecret(secret, config.clientSecretPepper),
        returnUrls,
        permissions,
      });
      process.stdout.write(`client ${values.id} added with permissions ${permissions.join(',')}\nsecret (shown once, store it now): ${secret}\n`);
      return;
    }
    case 'permissions': {
      const [id, list] = rest;
      if (!id || !list) fail(USAGE);
      const permissions = permissionList(list, '');
      if (!(await clients.setPermissions(id, permissions))) fail(`no client ${id}`);
      process.stdout.write(`client ${id} now has permissions ${permissions.join(',')}\n`);
      return;
    }
    case 'list': {
      for (const c of await clients.list()) {
        const state = c.disabledAt ? `disabled ${c.disabledAt.toISOString()}` : 'active';
        process.stdout.write(`${c.id}\t${c.name}\t${state}\t${c.permissions.join(',')}\t${c.returnUrls.join(' ')}\n`);
      }
      return;
    }
    case 'disable': {
      const id = rest[0] ?? fail(USAGE);
      if (!(await clients.disable(id))) fail(`no active client ${id}`);
      process.stdout.write(`client ${id} disabled\n`);
      return;
    }
    default:
      fail(USAGE);
  }
});

function permissionList(text: string, label: string): Permission[] {
  try {
    return parsePermissions(text);
  } catch (err) {
    return fail(`${label}${(err as Error).message}`);
  }
}

function parseReturnUrls(urls: string[]): string[] {
  try {
    return urlList(urls.join(','));
  } catch (err) {
    return fail(`--return-url ${(err as Error).message}`);
  }
}
