// One request to ESIA with the configured timeout, answered as JSON. Network errors
// and timeouts propagate (provider-failures.ts makes them provider_unavailable); an
// error status becomes an EsiaFailure carrying ESIA's code when the body has one.
import { esiaRefusal } from './esia-errors.js';

export interface EsiaHttp {
  fetch: typeof fetch;
  timeoutMs: number;
}

export async function esiaJson(http: EsiaHttp, reason: string, url: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const response = await http.fetch(url, {
    ...init,
    headers: { accept: 'application/json', ...init.headers },
    redirect: 'manual',
    signal: AbortSignal.timeout(http.timeoutMs),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const json = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (response.status !== 200) {
    const error = typeof json?.error === 'string' ? json.error : undefined;
    const description = typeof json?.error_description === 'string' ? json.error_description : undefined;
    throw esiaRefusal(`${reason}_http_status`, error, description, response.status);
  }
  if (!json) throw esiaRefusal(`${reason}_not_json`, undefined, undefined, response.status);
  return json;
}
