#!/usr/bin/env node
// The package's command (`bin`): start the service, apply migrations, manage the API
// clients. Compiled to dist/, it needs production dependencies only, so it works in
// the image (`esia-bridge clients add …`); in development `npm run clients` and
// `npm run migrate` run it through tsx.

import { fail } from './context.js';

const USAGE = `usage: esia-bridge <command>
  start                  run the service
  migrate                apply pending database migrations
  clients add --id <id> --name <name> --return-url <url> [--return-url <url> ...] [--permissions <list>]
                         add an API client; its secret is printed once
  clients list           list the API clients
  clients permissions <id> <list>
                         set a client's permissions
  clients disable <id>   disable an API client
<list>: comma-separated, from logins, profiles:read, profiles:write, profiles:erase (default: logins)
Settings come from the environment, as for the service (see the README).`;

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case 'start':
    await import('../main.js');
    break;
  case 'migrate':
    await (await import('./migrate.js')).runMigrate();
    break;
  case 'clients':
    await (await import('./clients.js')).runClients(args, USAGE);
    break;
  case 'help':
  case '--help':
    process.stdout.write(`${USAGE}\n`);
    break;
  default:
    fail(USAGE);
}
