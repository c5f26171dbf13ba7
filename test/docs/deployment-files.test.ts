// The files an ops team deploys from must agree with the code: every variable is
// documented and set, and the container is built the way the README says.

import { readFileSync } from 'node:fs';
import t from 'tap';
import { parse } from 'yaml';
import { imageTuning } from '../../bench/lib/service.js';
import { COMPOSE_VARIABLES, composeReads, envExample, readmeWithTable } from '../../scripts/config-docs.js';
import { VARIABLES, type VariableSpec } from '../../src/config/variables.js';

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const variables = Object.entries(VARIABLES) as [string, VariableSpec][];

t.test('README starts with what the service is, then the run and test commands', async (t) => {
  const readme = read('README.md');
  const [firstBlock] = readme.split('```sh\n')[1]?.split('```') ?? [];
  t.match(firstBlock, /^npm install && npm start/m);
  t.match(firstBlock, /^npm test/m);
  t.equal(readme, readmeWithTable(readme), 'the configuration table is current (npm run config-docs)');
});

t.test('.env.example lists what docker-compose.yml reads, and only that', async (t) => {
  const compose = read('docker-compose.yml');
  t.equal(read('.env.example'), envExample(compose), '.env.example is current (npm run config-docs)');
  const listed = [...read('.env.example').matchAll(/^# ([A-Z0-9_]+)=/gm)].map((m) => m[1]);
  t.ok(listed.includes('POSTGRES_PASSWORD'), 'the Postgres password compose requires');
  for (const fixed of ['NODE_ENV', 'HOST', 'DATABASE_URL', 'REDIS_URL', 'PROVIDER_ALLOW_HTTP', 'DATA_DIR']) {
    t.notOk(listed.includes(fixed), `not ${fixed}, which compose sets itself`);
  }
  for (const [name, how] of composeReads(compose)) {
    t.ok(name in VARIABLES || name in COMPOSE_VARIABLES, `${name} (read by compose) is documented`);
    if (how === 'required') t.match(read('.env.example'), new RegExp(`Required by docker-compose.yml\\.\\n# ${name}=`), `${name} is marked required`);
  }
});

t.test('docker-compose.yml: the service with postgres:16 and redis:7, healthy first, every variable set', async (t) => {
  const compose = parse(read('docker-compose.yml')) as {
    services: Record<string, { image?: string; healthcheck?: unknown; environment?: Record<string, string>; depends_on?: Record<string, { condition: string }> }>;
  };
  const { postgres, redis } = compose.services;
  const service = compose.services['esia-bridge'];
  t.equal(postgres?.image, 'postgres:16');
  t.equal(redis?.image, 'redis:7');
  t.ok(postgres?.healthcheck && redis?.healthcheck);
  t.same(service?.depends_on, { postgres: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  const env = service?.environment ?? {};
  for (const [name, spec] of variables) {
    if (spec.developmentOnly) t.notOk(name in env, `${name} is development-only`);
    else if (spec.composeOmits) t.notOk(name in env, `${name} is ${spec.composeOmits}`);
    else t.ok(name in env, `${name} is set`);
  }
  t.equal(env.NODE_ENV, 'production');
});

t.test('docker-compose.yml: Redis keeps login state in an append-only file on a volume', async (t) => {
  const compose = parse(read('docker-compose.yml')) as { services: { redis: { command: string[]; volumes?: string[] } }; volumes: Record<string, unknown> };
  const { command, volumes } = compose.services.redis;
  const option = (name: string) => command[command.indexOf(`--${name}`) + 1];
  t.equal(option('appendonly'), 'yes');
  t.equal(option('appendfsync'), 'everysec');
  t.ok(volumes?.some((v) => v.endsWith(':/data') && v.split(':')[0]! in compose.volumes), 'its /data is a named volume');
  t.match(read('README.md'), /Redis restart[^.]*loses at most the last second/, 'the README says what a Redis restart costs');
});

t.test('Dockerfile: multi-stage, production dependencies, non-root, health check on /readyz', async (t) => {
  const dockerfile = read('Dockerfile');
  t.equal(dockerfile.match(/^FROM /gm)?.length, 2);
  t.match(dockerfile, /npm prune --omit=dev/);
  t.match(dockerfile, /^USER node$/m);
  t.match(dockerfile, /^HEALTHCHECK .*\n?.*\/readyz/m);
  t.match(dockerfile, /NODE_ENV=production/);
  t.match(dockerfile, /^CMD \["node", "dist\/main\.js"\]$/m);
  t.match(dockerfile, /COPY .*migrations \.\/migrations/, 'migrations ship with the image');
});

t.test('Dockerfile: the heap bounds the benchmark measured are the ones the image runs with', async (t) => {
  const dockerfile = read('Dockerfile');
  const options = imageTuning(dockerfile).NODE_OPTIONS ?? '';
  t.match(options, /(^| )--max-semi-space-size=\d+( |$)/);
  t.match(options, /(^| )--max-old-space-size=\d+( |$)/);
  t.equal(options.split(' ').length, 2, 'nothing else: other flags would be measured without being meant');
  t.same(imageTuning(dockerfile), { NODE_OPTIONS: options, MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '65536' }, "and glibc's malloc settings");
  t.same(imageTuning('FROM node\nCMD ["node"]'), {}, 'an image without them: the benchmark adds none');
});

t.test('Dockerfile: both stages on the current Node.js LTS, while the code keeps Node 20', async (t) => {
  const dockerfile = read('Dockerfile');
  const [, image, major] = /^ARG NODE_IMAGE=(node:(\d+)-[a-z]+-slim)$/m.exec(dockerfile) ?? [];
  t.ok(image, 'one image argument');
  t.ok(Number(major) >= 24 && Number(major) % 2 === 0, `an LTS line of 24 or later (${image})`);
  t.same(dockerfile.match(/^FROM .*/gm), ['FROM ${NODE_IMAGE} AS build', 'FROM ${NODE_IMAGE}'], 'both stages use it');
  const manifest = JSON.parse(read('package.json')) as { engines: { node: string } };
  t.equal(manifest.engines.node, '>=20', 'the code runs on Node 20 and later');
});

t.test('Dockerfile: the esia-bridge command is on PATH in the image', async (t) => {
  const dockerfile = read('Dockerfile');
  const { bin } = JSON.parse(read('package.json')) as { bin: Record<string, string> };
  const target = bin['esia-bridge'];
  t.equal(target, 'dist/cli/esia-bridge.js');
  t.match(dockerfile, new RegExp(`chmod 755 ${target}`), 'executable');
  t.match(dockerfile, new RegExp(`^RUN ln -s /app/${target} /usr/local/bin/esia-bridge$`, 'm'), 'linked onto PATH');
  t.match(read('README.md'), /esia-bridge clients add/, 'the README shows it');
});
