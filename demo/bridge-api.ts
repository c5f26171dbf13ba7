// The service's login API as an integrator's backend calls it: JSON over HTTPS with
// HTTP Basic client authentication, server to server only (the secret never reaches
// a browser). Every failure becomes a BridgeProblem carrying the problem+json `code`.

export type Channel = 'sms' | 'email';

/** The fields of a login (openapi.yaml, schema Login) that this client reads. */
export interface Login {
  id: string;
  status: string;
  expires_at: string;
  client_state: string | null;
  person?: {
    family_name: string | null;
    given_name: string | null;
    middle_name: string | null;
    birthdate: string | null;
    gender: 'male' | 'female' | null;
    age_group: string | null;
  };
  otp?: {
    channel: Channel;
    destination: string;
    resend_available_at: string;
    attempts_left: number;
    resends_left: number;
    delivery: 'pending' | 'sent' | 'failed' | null;
    alternatives: { channel: Channel; destination: string }[];
  };
  candidates?: { id: string; display_name: string; birth_year?: number; contacts?: string[] }[];
  result?: { profile_id: string; created: boolean; linked: boolean; assertion: string };
  error?: { code: string };
}

export interface StartedLogin {
  id: string;
  authorization_url: string;
}

export class BridgeProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly attemptsLeft: number | null = null,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(`esia-bridge answered ${status} ${code}`);
    this.name = 'BridgeProblem';
  }
}

/** Nothing answered (connection refused, timeout): treated like a 503. */
export const UNREACHABLE = 'service_unreachable';

export interface BridgeApiOptions {
  serviceUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
}

export type BridgeApi = ReturnType<typeof bridgeApi>;

export function bridgeApi({ serviceUrl, clientId, clientSecret, timeoutMs = 15_000 }: BridgeApiOptions) {
  const authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;

  async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${serviceUrl}${path}`, {
        method,
        headers: { authorization, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
    } catch {
      throw new BridgeProblem(503, UNREACHABLE);
    }
    const payload = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.ok) return payload as T;
    throw problemOf(response, payload);
  }

  const login = (id: string) => `/v1/logins/${encodeURIComponent(id)}`;
  return {
    /** Step 1: a new login; send the browser to `authorization_url`. */
    start: (input: { returnTo: string; locale: 'ru' | 'en'; clientState: string }) =>
      call<StartedLogin>('POST', '/v1/logins', { return_to: input.returnTo, locale: input.locale, client_state: input.clientState }),
    get: (id: string) => call<Login>('GET', login(id)),
    /** Step 3: prove the browser came back here; the first code is sent now. */
    claim: (id: string, handoff: string) => call<Login>('POST', `${login(id)}/claim`, { handoff }),
    sendCode: (id: string, channel?: Channel) => call<Login>('POST', `${login(id)}/otp`, channel ? { channel } : {}),
    verifyCode: (id: string, code: string) => call<Login>('POST', `${login(id)}/otp/verify`, { code }),
    /** "Это мой профиль". */
    chooseProfile: (id: string, profileId: string) => call<Login>('POST', `${login(id)}/profile`, { profile_id: profileId }),
    /** "Это не мой профиль": leads to the review of a new profile. */
    notMine: (id: string) => call<Login>('POST', `${login(id)}/profile`, { not_mine: true }),
    /** "Продолжить" on the review: creates the new profile. */
    confirmNewProfile: (id: string) => call<Login>('POST', `${login(id)}/profile`, { confirm: true }),
    /** Retries a completion that failed half-way (status `completing`); idempotent. */
    complete: (id: string) => call<Login>('POST', `${login(id)}/complete`, {}),
    cancel: (id: string) => call<Login>('DELETE', login(id)),
  };
}

function problemOf(response: Response, payload: Record<string, unknown>): BridgeProblem {
  const code = typeof payload.code === 'string' ? payload.code : `http_${response.status}`;
  const attemptsLeft = typeof payload.attempts_left === 'number' ? payload.attempts_left : null;
  const retryAfter = Number(response.headers.get('retry-after'));
  return new BridgeProblem(response.status, code, attemptsLeft, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
}
