// `esia-bridge clients add|list|permissions|disable`: manages the API clients
// (client backends). A new client's secret is printed once and stored only as a
// keyed hash. Permissions (src/domain/permissions.ts) are logins only unless
// granted. The arguments are checked before the database is opened.

import { parseArgs } from 'node:util';
import pino from 'pino';
import { apiClientsRepository, type ApiClientsRepository } from '../adapters/postgres/api-clients-repository.js';
import { migrate } from '../adapters/postgres/migrate.js';
import { generateClientSecret, hashClientSecret } from '../auth/client-secret.js';
import type { Config } from '../config/index.js';
import { urlList } from '../config/parsers.js';
import { DEFAULT_PERMISSIONS, parsePermissions, type Permission } from '../domain/permissions.js';
import { fail, withDatabase } from './context.js';

const OPTIONS = {
  id: { type: 'string' },
  name: { type: 'string' },
  'return-url': { type: 'string', multiple: true },
  permissions: { type: 'string' },
} as const;

type Action = (clients: ApiClientsRepository, config: Config) => Promise<void>;

export async function runClients(args: string[], usage: string): Promise<void> {
  const action = actionFor(args, usage);
  await withDatabase(async (db, config) => {
    await migrate(db.pool, pino({ level: 'silent' }));
    await action(apiClientsRepository(db.pool), config);
  });
}

function actionFor(args: string[], usage: string): Action {
  const { positionals, values } = parseOptions(args, usage);
  const [command, id, list] = positionals;
  switch (command) {
    case 'add': {
      const { id: newId, name, 'return-url': urls } = values;
      if (!newId || !name || !urls) return fail(usage);
      const permissions = values.permissions === undefined ? DEFAULT_PERMISSIONS : permissionList(values.permissions, '--permissions ');
      return add(newId, name, parseReturnUrls(urls), permissions);
    }
    case 'list':
      return listClients;
    case 'permissions':
      return id && list ? setPermissions(id, permissionList(list, '')) : fail(usage);
    case 'disable':
      return id ? disable(id) : fail(usage);
    default:
      return fail(usage);
  }
}

function add(id: string, name: string, returnUrls: string[], permissions: readonly Permission[]): Action {
  return async (clients, config) => {
    const secret = generateClientSecret();
    await clients.create({ id, name, secretHash: hashClientSecret(secret, config.clientSecretPepper), returnUrls, permissions });
    process.stdout.write(`client ${id} added with permissions ${permissions.join(',')}\nsecret (shown once, store it now): ${secret}\n`);
  };
}

async function listClients(clients: ApiClientsRepository): Promise<void> {
  for (const c of await clients.list()) {
    const state = c.disabledAt ? `disabled ${c.disabledAt.toISOString()}` : 'active';
    process.stdout.write(`${c.id}\t${c.name}\t${state}\t${c.permissions.join(',')}\t${c.returnUrls.join(' ')}\n`);
  }
}

function setPermissions(id: string, permissions: Permission[]): Action {
  return async (clients) => {
    if (!(await clients.setPermissions(id, permissions))) fail(`no client ${id}`);
    process.stdout.write(`client ${id} now has permissions ${permissions.join(',')}\n`);
  };
}

function disable(id: string): Action {
  return async (clients) => {
    if (!(await clients.disable(id))) fail(`no active client ${id}`);
    process.stdout.write(`client ${id} disabled\n`);
  };
}

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

function parseOptions(args: string[], usage: string) {
  try {
    return parseArgs({ args, allowPositionals: true, options: OPTIONS });
  } catch (err) {
    return fail(`${(err as Error).message}\n${usage}`);
  }
}
