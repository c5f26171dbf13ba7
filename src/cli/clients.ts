// `esia-bridge clients add|list|disable`: manages the API clients (client backends).
// A new client's secret is printed once and stored only as a keyed hash.

import { parseArgs } from 'node:util';
import { apiClientsRepository } from '../adapters/postgres/api-clients-repository.js';
import { migrate } from '../adapters/postgres/migrate.js';
import { generateClientSecret, hashClientSecret } from '../auth/client-secret.js';
import { urlList } from '../config/parsers.js';
import pino from 'pino';
import { fail, withDatabase } from './context.js';

const OPTIONS = {
  id: { type: 'string' },
  name: { type: 'string' },
  'return-url': { type: 'string', multiple: true },
} as const;

export async function runClients(args: string[], usage: string): Promise<void> {
  const { positionals, values } = parseOptions(args, usage);
  const [command, ...rest] = positionals;

  await withDatabase(async (db, config) => {
    await migrate(db.pool, pino({ level: 'silent' }));
    const clients = apiClientsRepository(db.pool);
    switch (command) {
      case 'add': {
        if (!values.id || !values.name || !values['return-url']) fail(usage);
        const returnUrls = parseReturnUrls(values['return-url']);
        const secret = generateClientSecret();
        await clients.create({
          id: values.id,
          name: values.name,
          secretHash: hashClientSecret(secret, config.clientSecretPepper),
          returnUrls,
        });
        process.stdout.write(`client ${values.id} added\nsecret (shown once, store it now): ${secret}\n`);
        return;
      }
      case 'list': {
        for (const c of await clients.list()) {
          const state = c.disabledAt ? `disabled ${c.disabledAt.toISOString()}` : 'active';
          process.stdout.write(`${c.id}\t${c.name}\t${state}\t${c.returnUrls.join(' ')}\n`);
        }
        return;
      }
      case 'disable': {
        const id = rest[0] ?? fail(usage);
        if (!(await clients.disable(id))) fail(`no active client ${id}`);
        process.stdout.write(`client ${id} disabled\n`);
        return;
      }
      default:
        fail(usage);
    }
  });
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
