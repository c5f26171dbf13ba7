// Writes the README's configuration table and .env.example from the catalogue of
// variables, so the docs follow the code: `npm run config-docs`. A test fails when
// either is stale.

import { readFileSync, writeFileSync } from 'node:fs';
import { VARIABLES, type VariableSpec } from '../src/config/variables.js';

const entries = Object.entries(VARIABLES) as [string, VariableSpec][];
const START = '<!-- config-table:start -->';
const END = '<!-- config-table:end -->';

export function configTable(): string {
  const rows = entries.map(
    ([name, v]) => `| \`${name}\` | ${v.default ? `\`${v.default}\`` : '—'} | ${v.description} |`,
  );
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

export function envExample(): string {
  const header =
    '# Every variable of esia-bridge with an example value. Commented lines keep the default.\n' +
    '# docker compose reads a .env file next to docker-compose.yml; the service reads only its environment.\n\n';
  return header + entries.map(([name, v]) => `# ${v.description.replace(/`/g, '')}\n# ${name}=${v.example}`).join('\n\n') + '\n';
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
  writeFileSync(new URL('../.env.example', import.meta.url), envExample());
  process.stdout.write('README.md table and .env.example written\n');
}
