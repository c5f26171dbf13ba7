// `esia-bridge clients add|list|disable`: manages the API clients (client backends).
// A new client's secret is printed once and stored only as a keyed hash. The
// arguments are checked before the database is opened.

import { parseArgs } from 'node:util';
import pino from 'pino';
import { apiClientsRepository, type ApiClientsRepository } from '../adapters/postgres/api-clients-repository.js';
import { migrate } from '../adapters/postgres/migrate.js';
import { generateClientSecret, hashClientSecret } from '../auth/client-secret.js';
import type { Config } from '../config/index.js';
import { urlList } from '../config/parsers.js';
import { fail, withDatabase } from './context.js';

const OPTIONS = {
  id: { type: 'string' },
  name: { type: 'string' },
  'return-url': { type: 'string', multiple: true },
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
  const [command, id] = positionals;
  switch (command) {
    case 'add': {
      const { id: newId, name, 'return-url': urls } = values;
      if (!newId || !name || !urls) return fail(usage);
      return add(newId, name, parseReturnUrls(urls));
    }
    case 'list':
      return list;
    case 'disable':
      return id ? disable(id) : fail(usage);
    default:
      return fail(usage);
  }
}

function add(id: string, name: string, returnUrls: string[]): Action {
  return async (clients, config) => {
    const secret = generateClientSecret();
    await clients.create({ id, name, secretHash: hashClientSecret(secret, config.clientSecretPepper), returnUrls });
    process.stdout.write(`client ${id} added\nsecret (shown once, store it now): ${secret}\n`);
  };
}

async function list(clients: ApiClientsRepository): Promise<void> {
  for (const c of await clients.list()) {
    const state = c.disabledAt ? `disabled ${c.disabledAt.toISOString()}` : 'active';
    process.stdout.write(`${c.id}\t${c.name}\t${state}\t${c.returnUrls.join(' ')}\n`);
  }
}

function disable(id: string): Action {
  return async (clients) => {
    if (!(await clients.disable(id))) fail(`no active client ${id}`);
    process.stdout.write(`client ${id} disabled\n`);
  };
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
