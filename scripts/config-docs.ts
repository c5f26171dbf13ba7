// Prints the README's configuration table and .env.example from the catalogue of
// variables, so that the docs follow the code: `npm run config-docs -- table|env`.

import { VARIABLES, type VariableSpec } from '../src/config/variables.js';

const entries = Object.entries(VARIABLES) as [string, VariableSpec][];

export function configTable(): string {
  const rows = entries.map(
    ([name, v]) => `| \`${name}\` | ${v.default ? `\`${v.default}\`` : '—'} | ${v.description} |`,
  );
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

export function envExample(): string {
  return entries
    .map(([name, v]) => `# ${v.description.replace(/`/g, '')}\n# ${name}=${v.example}`)
    .join('\n\n')
    .concat('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(process.argv[2] === 'env' ? envExample() : `${configTable()}\n`);
}
