// Scenarios 2 and 3: complete logins, many in parallel, against the upstream that
// costs little (upstream.ts) — CPU per login of the service and of the upstream,
// each read from its own process — and wrong codes across many logins.

import type { BenchContext } from '../lib/context.js';
import { HttpError, LoginBrowser, type Login } from '../lib/login-browser.js';
import { measured, runLoad } from '../lib/measure.js';
import { rowFromLoad, type Row } from '../lib/report.js';
import type { RunningService } from '../lib/service.js';

/** Wrong codes per login: every attempt the login allows (the last one locks it), then one more. */
const OTP_MAX_ATTEMPTS = 5;
const ATTEMPTS_PER_LOGIN = OTP_MAX_ATTEMPTS + 1;
const PREPARE_MS = 120_000;

function pids(ctx: BenchContext, service: RunningService) {
  return { service: service.child.pid, upstream: ctx.upstream.pid };
}

/**
 * The first login of each person: code, then a new profile (no profile matches the
 * upstream's fictional persons) — which links them for the scenarios after it.
 */
export async function firstLogins(ctx: BenchContext, service: RunningService): Promise<Row> {
  const browser = new LoginBrowser(ctx.http, service.client);
  const m = await measured(pids(ctx, service), () =>
    runLoad({
      concurrency: ctx.options.loginConcurrency,
      durationMs: PREPARE_MS,
      count: ctx.options.persons,
      task: (i) => browser.complete(ctx.subject(i)),
    }),
  );
  if (m.value.ops < ctx.options.persons) throw new Error(`only ${m.value.ops} of ${ctx.options.persons} persons were linked: ${m.value.errorSamples.join('; ')}`);
  return rowFromLoad('first-login', `first login: code + new profile (${ctx.options.loginConcurrency} in parallel)`, 'login', m);
}

/** Complete logins of linked persons for the configured time, after the warm-up. */
export function completeLogins(ctx: BenchContext, service: RunningService, id: string, title: string): Promise<Row> {
  return timedLogins(ctx, new LoginBrowser(ctx.http, service.client), pids(ctx, service), id, title);
}

/**
 * Complete logins through `browser` for the configured time, after the warm-up,
 * with the CPU of `measuredPids`; at most `perSecond` logins a second when given.
 */
export async function timedLogins(ctx: BenchContext, browser: LoginBrowser, measuredPids: Record<string, number>, id: string, title: string, perSecond?: number): Promise<Row> {
  const { loginConcurrency: concurrency, loginSeconds, warmUpSeconds } = ctx.options;
  let next = 0;
  const task = () => browser.complete(ctx.subject(next++));
  const pace = perSecond ? { perSecond } : {};
  await runLoad({ concurrency, durationMs: warmUpSeconds * 1000, task, ...pace });
  const m = await measured(measuredPids, () => runLoad({ concurrency, durationMs: loginSeconds * 1000, task, ...pace }));
  return rowFromLoad(id, `${title} (${concurrency} in parallel)`, 'login', m);
}

/**
 * Logins brought to otp_required (not measured), then wrong codes across all of them,
 * round after round, until each is locked and refused once more.
 */
export async function wrongCodes(ctx: BenchContext, service: RunningService): Promise<Row> {
  const browser = new LoginBrowser(ctx.http, service.client);
  const { loginConcurrency: concurrency, wrongCodeLogins } = ctx.options;
  const waiting: { id: string; wrong: string }[] = [];
  const prepared = await runLoad({
    concurrency,
    durationMs: PREPARE_MS,
    count: wrongCodeLogins,
    task: async (i) => {
      const login = await browser.toClaim(ctx.subject(i));
      if (login.status !== 'otp_required') throw new Error(`expected otp_required, got ${login.status}`);
      const code = await browser.code(login.id);
      waiting.push({ id: login.id, wrong: String((Number(code) + 1) % 1_000_000).padStart(6, '0') });
    },
  });
  if (waiting.length === 0) throw new Error(`no login reached otp_required: ${prepared.errorSamples.join('; ')}`);
  const m = await measured({ service: service.child.pid }, () =>
    runLoad({
      concurrency,
      durationMs: PREPARE_MS,
      count: waiting.length * ATTEMPTS_PER_LOGIN,
      task: async (i) => {
        const login = waiting[i % waiting.length]!;
        try {
          const answer = (await browser.api('POST', `/v1/logins/${login.id}/otp/verify`, { code: login.wrong })) as Login;
          throw new Error(`a wrong code was accepted: ${answer.status}`);
        } catch (err) {
          // Refusals are the expected answers; anything else (5xx, network) counts as an error.
          if (!(err instanceof HttpError) || err.status >= 500) throw err;
        }
      },
    }),
  );
  return rowFromLoad('wrong-code', `wrong code, ${waiting.length} logins × ${ATTEMPTS_PER_LOGIN} attempts (${concurrency} in parallel)`, 'attempt', m);
}
