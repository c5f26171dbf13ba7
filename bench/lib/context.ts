// What every scenario of a run shares.

import type { Child } from './child.js';
import type { HttpClient } from './http.js';
import type { BenchOptions } from './options.js';
import type { BenchStores } from './stores.js';

export interface BenchContext {
  options: BenchOptions;
  stores: BenchStores;
  runId: string;
  upstream: Child;
  http: HttpClient;
  logDir: string;
  /** The login hop floor's port, chosen before the upstream starts: the upstream accepts its callback. */
  loginFloorPort: number;
  /** The i-th login's person (persons repeat: the first `persons` logins link them). */
  subject(i: number): string;
}
