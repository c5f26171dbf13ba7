// The demo's own configuration, read from the environment once at start. These are
// the settings any integrator's backend needs: where the service is, the API client's
// id and secret, and where the backend itself is reached (its return URL).

export type DemoEnv = 'development' | 'test' | 'production';

export interface DemoConfig {
  nodeEnv: DemoEnv;
  port: number;
  host: string;
  /** Where browsers reach the demo; `${publicUrl}/callback` is its registered return URL. */
  publicUrl: string;
  /** The service's PUBLIC_URL: the API base and the issuer of assertions. */
  serviceUrl: string;
  clientId: string;
  clientSecret: string;
  /** Trust X-Forwarded-* from a TLS-terminating proxy (needed for Secure cookies behind it). */
  trustProxy: boolean;
}

export class DemoConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

const ENVS: readonly DemoEnv[] = ['development', 'test', 'production'];

export function loadDemoConfig(env: NodeJS.ProcessEnv): DemoConfig {
  const problems: string[] = [];
  const get = (name: string) => (env[name]?.trim() ? env[name].trim() : undefined);
  const nodeEnv = (get('NODE_ENV') ?? 'development') as DemoEnv;
  if (!ENVS.includes(nodeEnv)) problems.push(`NODE_ENV must be one of ${ENVS.join(', ')}`);
  const production = nodeEnv === 'production';

  const port = Number(get('DEMO_PORT') ?? '3002');
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push('DEMO_PORT must be a port number, e.g. 3002');
  const url = (name: string, fallback: string | undefined) => {
    const raw = get(name) ?? fallback;
    if (raw === undefined) return void problems.push(`${name} is required in production, e.g. https://example.ru`);
    try {
      const parsed = new URL(raw);
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error();
      if (production && parsed.protocol !== 'https:') problems.push(`${name} must be an https URL in production`);
      return parsed.origin + parsed.pathname.replace(/\/$/, '');
    } catch {
      return void problems.push(`${name} must be an http(s) URL, e.g. http://localhost:3000`);
    }
  };
  const publicUrl = url('DEMO_PUBLIC_URL', production ? undefined : `http://localhost:${port}`);
  const serviceUrl = url('ESIA_BRIDGE_URL', production ? undefined : 'http://localhost:3000');
  const clientSecret = get('ESIA_BRIDGE_CLIENT_SECRET');
  if (!clientSecret) problems.push('ESIA_BRIDGE_CLIENT_SECRET is required (the secret `npm run clients -- add` printed)');
  const trustProxy = (get('DEMO_TRUST_PROXY') ?? 'false').toLowerCase();
  if (!['true', 'false'].includes(trustProxy)) problems.push('DEMO_TRUST_PROXY must be true or false');

  if (problems.length > 0) throw new DemoConfigError(problems);
  return {
    nodeEnv,
    port,
    host: get('DEMO_HOST') ?? (production ? '0.0.0.0' : '127.0.0.1'),
    publicUrl: publicUrl as string,
    serviceUrl: serviceUrl as string,
    clientId: get('ESIA_BRIDGE_CLIENT_ID') ?? 'demo',
    clientSecret: clientSecret as string,
    trustProxy: trustProxy === 'true',
  };
}
