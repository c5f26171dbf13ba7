// The demo in front of a scripted service: each API call answers what the test set
// (a login in some status, or a problem), so screens that are hard to reach with the
// real service (a completion that failed half-way, an outage, a failed SMS) can be
// checked. Driven with inject(), keeping the session cookie and CSRF token like a browser.

import type { Test } from 'tap';
import { buildDemoApp, type DemoApp } from '../../app.js';
import type { AssertionClaims } from '../../assertion.js';
import type { BridgeApi, Login } from '../../bridge-api.js';

export const LOGIN_ID = '0b9f3a58-5a4c-4f0e-9a63-3d0d3f6c2f11';
const HOST = 'demo.test';

export function login(status: string, extra: Partial<Login> = {}): Login {
  return { id: LOGIN_ID, status, expires_at: '2030-01-01T00:00:00Z', client_state: null, ...extra };
}

type Answer = Login | Error;

export async function scriptedDemo(t: Test, claims: AssertionClaims = { sub: 'p-1' }) {
  const calls: { name: string; args: unknown[] }[] = [];
  const answers = new Map<string, Answer>();
  const script = (name: keyof BridgeApi, answer: Answer) => answers.set(name, answer);
  const answer = (name: keyof BridgeApi) => async (...args: unknown[]) => {
    calls.push({ name, args });
    const found = answers.get(name) ?? answers.get('get') ?? login('otp_required');
    if (found instanceof Error) throw found;
    return found;
  };
  const api = {
    start: async (...args: unknown[]) => {
      calls.push({ name: 'start', args });
      const failure = answers.get('start');
      if (failure instanceof Error) throw failure;
      return { id: LOGIN_ID, authorization_url: 'https://bridge.test/v1/logins/x/authorize' };
    },
    get: answer('get'),
    claim: answer('claim'),
    sendCode: answer('sendCode'),
    verifyCode: answer('verifyCode'),
    chooseProfile: answer('chooseProfile'),
    notMine: answer('notMine'),
    confirmNewProfile: answer('confirmNewProfile'),
    complete: answer('complete'),
    cancel: answer('cancel'),
  } as BridgeApi;
  const verify = async (token: string, profileId: string) => {
    calls.push({ name: 'verify', args: [token, profileId] });
    const found = answers.get('verify' as keyof BridgeApi);
    if (found instanceof Error) throw found;
    return claims;
  };
  const app = await buildDemoApp(
    {
      nodeEnv: 'development',
      port: 80,
      host: '127.0.0.1',
      publicUrl: `http://${HOST}`,
      serviceUrl: 'http://bridge.test',
      clientId: 'demo',
      clientSecret: 'secret',
      trustProxy: false,
    },
    { logger: false, deps: { api, verify, now: () => new Date('2030-01-01T00:00:00Z') } },
  );
  t.teardown(() => app.close());
  const unscript = (name: keyof BridgeApi) => answers.delete(name);
  return { app, calls, script, unscript, browser: () => browserOf(app) };
}

/** Cookie and CSRF token carried from answer to answer, as a browser would. */
function browserOf(app: DemoApp) {
  let cookie = '';
  let csrf = '';
  async function request(method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
    const res = await app.inject({
      method,
      url,
      headers: { host: HOST, cookie, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { payload: new URLSearchParams({ _csrf: csrf, ...form }).toString() } : {}),
    });
    const session = res.cookies.find((c) => c.name === 'demo_session');
    if (session) cookie = `demo_session=${session.value}`;
    csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? csrf;
    return res;
  }
  return {
    get: (url: string) => request('GET', url),
    post: (url: string, form: Record<string, string> = {}) => request('POST', url, form),
    /** Start and come back with the handoff: the login is bound and claimed. */
    async signIn() {
      await request('GET', '/');
      await request('POST', '/login', {});
      return request('GET', `/callback?login_id=${LOGIN_ID}&handoff=h`);
    },
  };
}
