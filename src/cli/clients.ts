// npm run clients -- add|list|disable: manages the API clients (client backends).
// A new client's secret is printed once and stored only as a keyed hash.

import { parseArgs } from 'node:util';
import { apiClientsRepository } from '../adapters/postgres/api-clients-repository.js';
import { migrate } from '../adapters/postgres/migrate.js';
import { generateClientSecret, hashClientSecret } from '../auth/client-secret.js';
import { urlList } from '../config/parsers.js';
import pino from 'pino';
import { fail, withDatabase } from './context.js';

const USAGE = `usage:
  npm run clients -- add --id <id> --name <name> --return-url <url> [--return-url <url> ...]
  npm run clients -- list
  npm run clients -- disable <id>`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    id: { type: 'string' },
    name: { type: 'string' },
    'return-url': { type: 'string', multiple: true },
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
      const id = rest[0] ?? fail(USAGE);
      if (!(await clients.disable(id))) fail(`no active client ${id}`);
      process.stdout.write(`client ${id} disabled\n`);
      return;
    }
    default:
      fail(USAGE);
  }
});

function parseReturnUrls(urls: string[]): string[] {
  try {
    return urlList(urls.join(','));
  } catch (err) {
    return fail(`--return-url ${(err as Error).message}`);
  }
}
