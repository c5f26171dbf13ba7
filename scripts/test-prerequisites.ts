// Runs before `npm test`: the suite needs a few system programs that npm cannot
// provide (the OpenSSL GOST engine for the ESIA dialect, Debian's Chromium for the
// reference client's browser tests, redis-server for the tests that run Redis
// servers of their own, promtool for the alert rules). On a fresh Debian
// machine as root they are installed from Debian's packages, so the README's test
// command works on its own; elsewhere the missing ones are named with the command
// that installs them, and the run stops before any test is skipped or fails obscurely.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findGostEngine } from '../src/adapters/signer/gost-engine.js';

interface Prerequisite {
  what: string;
  debianPackage: string;
  present: () => boolean;
  /** Chromium needs its recommended fonts to lay out pages; the others need only their program. */
  withRecommends?: boolean;
}

const onPath = (command: string): boolean => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

const PREREQUISITES: Prerequisite[] = [
  { what: 'openssl (GOST test keys)', debianPackage: 'openssl', present: () => onPath('openssl') },
  {
    what: 'the OpenSSL GOST engine (PROVIDER_DIALECT=esia)',
    debianPackage: 'libengine-gost-openssl',
    present: () => {
      try {
        findGostEngine();
        return true;
      } catch {
        return false;
      }
    },
  },
  {
    what: "Chromium (the reference client's browser tests)",
    debianPackage: 'chromium',
    present: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
    withRecommends: true,
  },
  {
    what: 'redis-server (the Sentinel, Cluster, pause and persistence tests start their own)',
    debianPackage: 'redis-server',
    present: () => onPath('redis-server'),
  },
  { what: 'promtool (the Prometheus alert rules)', debianPackage: 'prometheus', present: () => onPath('promtool') },
];

function install(missing: Prerequisite[]): void {
  console.log(`npm test: installing from Debian's packages what the tests need: ${missing.map((p) => p.debianPackage).join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args: string[]) => execFileSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
  apt(['update', '-qq']);
  const bare = missing.filter((p) => !p.withRecommends).map((p) => p.debianPackage);
  const full = missing.filter((p) => p.withRecommends).map((p) => p.debianPackage);
  // Without recommends, prometheus brings promtool but not node-exporter's daemon.
  if (bare.length > 0) apt(['install', '-y', '-qq', '--no-install-recommends', ...bare]);
  if (full.length > 0) apt(['install', '-y', '-qq', ...full]);
}

const missing = PREREQUISITES.filter((p) => !p.present());
if (missing.length > 0) {
  const packages = missing.map((p) => p.debianPackage);
  if (process.getuid?.() === 0 && onPath('apt-get')) {
    install(missing);
  } else {
    console.error(
      `npm test needs ${missing.map((p) => p.what).join('; ')}.\n` +
        `On Debian or Ubuntu: sudo apt-get install -y ${packages.join(' ')}, then npm test again.`,
    );
    process.exit(1);
  }
  const still = missing.filter((p) => !p.present());
  if (still.length > 0) {
    console.error(`npm test: still missing after the install: ${still.map((p) => p.what).join('; ')}`);
    process.exit(1);
  }
}
