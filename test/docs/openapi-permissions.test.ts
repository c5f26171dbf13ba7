// Every operation behind client authentication can answer 403 permission_denied, so
// openapi.yaml must say so; the security scheme lists the permissions.

import { readFileSync } from 'node:fs';
import t from 'tap';
import { parse } from 'yaml';
import { PERMISSIONS } from '../../src/domain/permissions.js';

const doc = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8'));

t.test('authenticated operations document the 403', async (t) => {
  let checked = 0;
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const authenticated = (op.security ?? []).some((s: Record<string, unknown>) => 'clientBasic' in s);
      if (!authenticated) continue;
      checked++;
      t.ok(op.responses?.['403'], `${method.toUpperCase()} ${path} documents 403`);
    }
  }
  t.ok(checked >= 11, `${checked} authenticated operations`);
});

t.test('the security scheme names every permission', async (t) => {
  const description: string = doc.components.securitySchemes.clientBasic.description;
  for (const permission of PERMISSIONS) t.match(description, `\`${permission}\``);
});
