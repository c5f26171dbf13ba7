// One person's login driven over HTTP the way a client backend and a browser would:
// the backend starts it; the browser opens authorization_url (the service sets its
// cookie and redirects to the provider), signs in at the upstream as `subject`
// (the benchmark's provider reads it from login_hint) and follows the redirect to
// the callback with the cookie; the backend claims with the handoff, reads the code
// from the development outbox by login id, and answers whatever the login asks
// next until it is completed.

import { cookiesOf, locationOf, type HttpClient } from './http.js';

export interface ApiClient {
  /** The service's base URL. */
  service: string;
  /** Basic authorization header of the API client. */
  authorization: string;
  returnTo: string;
}

export interface Login {
  id: string;
  status: string;
  candidates?: { id: string }[];
  error?: { code: string };
  result?: { profile_id: string; assertion: string };
}

const MAX_STEPS = 8;
const CODE_POLLS = 50;

export class LoginBrowser {
  constructor(
    private readonly http: HttpClient,
    private readonly client: ApiClient,
  ) {}

  /** The backend's POST /v1/logins. */
  async start(): Promise<{ id: string; authorization_url: string }> {
    return (await this.api('POST', '/v1/logins', { return_to: this.client.returnTo })) as { id: string; authorization_url: string };
  }

  /** Start → authorize → provider → callback → claim: the login as the claim leaves it. */
  async toClaim(subject: string): Promise<Login> {
    const started = await this.start();
    const authorize = await this.http.request(started.authorization_url);
    const cookie = cookiesOf(authorize);
    const providerUrl = locationOf(authorize, started.authorization_url);
    providerUrl.searchParams.set('login_hint', subject);
    const provider = await this.http.request(providerUrl.href);
    const callbackUrl = locationOf(provider, providerUrl.href);
    const callback = await this.http.request(callbackUrl.href, { headers: { cookie } });
    const back = locationOf(callback, callbackUrl.href);
    const handoff = back.searchParams.get('handoff');
    if (!handoff) throw new Error(`no handoff in the return URL: ${back.search}`);
    return this.api('POST', `/v1/logins/${started.id}/claim`, { handoff }) as Promise<Login>;
  }

  /** A whole login of `subject`, answering every step; throws unless it completes. */
  async complete(subject: string): Promise<Login> {
    return this.finish(await this.toClaim(subject));
  }

  async finish(claimed: Login): Promise<Login> {
    let login = claimed;
    for (let step = 0; step < MAX_STEPS; step++) {
      const path = `/v1/logins/${login.id}`;
      switch (login.status) {
        case 'completed':
          if (!login.result?.assertion) throw new Error('completed without an assertion');
          return login;
        case 'otp_required':
          login = (await this.api('POST', `${path}/otp/verify`, { code: await this.code(login.id) })) as Login;
          break;
        case 'choose_profile':
          login = (await this.api('POST', `${path}/profile`, { profile_id: login.candidates?.[0]?.id })) as Login;
          break;
        case 'profile_review':
          login = (await this.api('POST', `${path}/profile`, { confirm: true })) as Login;
          break;
        case 'completing':
          login = (await this.api('POST', `${path}/complete`)) as Login;
          break;
        default:
          throw new Error(`login ${login.status}${login.error ? ` (${login.error.code})` : ''}`);
      }
    }
    throw new Error(`login not completed within ${MAX_STEPS} steps (${login.status})`);
  }

  /** The code the development channel "sent" for this login. */
  async code(loginId: string): Promise<string> {
    for (let poll = 0; poll < CODE_POLLS; poll++) {
      const reply = await this.http.request(`${this.client.service}/dev/outbox?login_id=${encodeURIComponent(loginId)}`);
      if (reply.status !== 200) throw new Error(`GET /dev/outbox answered ${reply.status}`);
      const [message] = JSON.parse(reply.text) as { text: string }[];
      const code = /\b(\d{6})\b/.exec(message?.text ?? '')?.[1];
      if (code) return code;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`no code in the development outbox for login ${loginId}`);
  }

  /** An API call of the client backend; returns the parsed answer, throws on anything but 2xx. */
  async api(method: string, path: string, json?: unknown): Promise<unknown> {
    const reply = await this.http.request(`${this.client.service}${path}`, {
      method,
      headers: { authorization: this.client.authorization },
      ...(json === undefined ? {} : { json }),
    });
    if (reply.status < 200 || reply.status > 299) {
      const code = /"code":"([^"]+)"/.exec(reply.text)?.[1] ?? reply.text.slice(0, 200);
      throw new HttpError(reply.status, `${method} ${path.replace(/[0-9a-f-]{36}/, ':id')} answered ${reply.status} ${code}`);
    }
    return JSON.parse(reply.text);
  }
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
