// Writes the README's configuration table (every variable) and .env.example (what
// docker-compose.yml reads from an .env file) from the catalogue of variables, so the
// docs follow the code: `npm run config-docs`. A test fails when either is stale.

import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import { VARIABLES, type VariableSpec } from '../src/config/variables.js';

const entries = Object.entries(VARIABLES) as [string, VariableSpec][];
const START = '<!-- config-table:start -->';
const END = '<!-- config-table:end -->';

/** Variables of the compose file itself, not of the service. */
export const COMPOSE_VARIABLES: Record<string, VariableSpec> = {
  POSTGRES_PASSWORD: { description: 'Password of the Postgres that docker-compose.yml runs (and the service uses).', example: '<64 hex digits>', secret: true },
};

export function configTable(): string {
  const rows = entries.map(
    ([name, v]) => `| \`${name}\` | ${v.default ? `\`${v.default}\`` : '—'} | ${v.description} |`,
  );
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** How docker-compose.yml reads each variable from its .env file: optional (a default) or required. */
export function composeReads(composeYaml: string): Map<string, 'optional' | 'required'> {
  const reads = new Map<string, 'optional' | 'required'>();
  for (const [, name, operator] of composeYaml.matchAll(/\$\{([A-Z0-9_]+)(:?[?-])?/g)) {
    if (name && reads.get(name) !== 'required') reads.set(name, operator?.endsWith('?') ? 'required' : 'optional');
  }
  return reads;
}

export function envExample(composeYaml: string): string {
  const header =
    '# What docker-compose.yml reads from an .env file next to it, with example values; the\n' +
    '# variables it sets itself (NODE_ENV, DATABASE_URL, REDIS_URL, …) are not here. Commented\n' +
    '# lines keep the default; the required ones must be set. The README lists every variable.\n\n';
  const reads = composeReads(composeYaml);
  const listed = [...Object.entries(COMPOSE_VARIABLES), ...entries].filter(([name]) => reads.has(name));
  return header + listed.map(([name, v]) => {
    const required = reads.get(name) === 'required' ? '\n# Required by docker-compose.yml.' : '';
    return `# ${v.description.replace(/`/g, '')}${required}\n# ${name}=${v.example}`;
  }).join('\n\n') + '\n';
}

export function readmeWithTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1) throw new Error('README.md has no config-table markers');
  return `${readme.slice(0, start + START.length)}\n${configTable()}\n${readme.slice(end)}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const readme = new URL('../README.md', import.meta.url);
  writeFileSync(readme, readmeWithTable(readFileSync(readme, 'utf8')));
  const compose = readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8');
  writeFileSync(new URL('../.env.example', import.meta.url), envExample(compose));
  process.stdout.write('README.md table and .env.example written\n');
}
