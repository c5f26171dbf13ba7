// Reads variables through the catalogue and collects every problem, so that one start
// reports all of them at once, each on its own line.

import { VARIABLES, type VariableName } from './variables.js';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export class ConfigReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  has(name: VariableName): boolean {
    const raw = this.env[name];
    return raw !== undefined && raw !== '';
  }

  /** The parsed value, the parsed fallback when unset, or undefined when unset with no fallback. */
  get<T>(name: VariableName, parse: (raw: string) => T, fallback?: string): T | undefined {
    const raw = this.has(name) ? (this.env[name] as string) : fallback;
    if (raw === undefined) return undefined;
    try {
      return parse(raw);
    } catch (err) {
      this.problem(name, (err as Error).message);
      return undefined;
    }
  }

  problem(name: VariableName, what: string): void {
    this.problems.push(`${name} ${what} (for example ${name}=${VARIABLES[name].example})`);
  }

  /** Records a problem that is not about one variable's format. */
  note(problem: string): void {
    this.problems.push(problem);
  }

  finish(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}
