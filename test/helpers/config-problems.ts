// The configuration loader with stand-in development secrets, and the problems it
// reports for an environment (none when the environment is valid).

import { ConfigError, loadConfig, type Config } from '../../src/config/index.js';

export const devSecrets = (name: string) => `generated-${name}-0123456789abcdef0123456789`;

export const load = (env: NodeJS.ProcessEnv): Config => loadConfig(env, devSecrets);

export function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}
