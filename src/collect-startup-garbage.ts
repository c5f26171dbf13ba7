// Building the app (compiling every route's schemas, the OpenAPI document, reading
// the configuration) leaves about 35 MB of garbage that V8 keeps until load makes
// it collect. One full collection once the service listens gives that memory back,
// so an idle instance is sized by what it holds, not by what it built.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Best effort: a runtime that refuses the flag keeps its garbage, and the service runs on. */
export function collectStartupGarbage(): void {
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch {
    // Only memory is at stake; the next collection V8 decides on frees it anyway.
  }
}
