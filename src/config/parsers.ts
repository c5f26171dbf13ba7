// Parsers for environment values. Each throws an Error whose message says what is
// wrong with the value; the loader adds the variable name and an example.

export function integer(min: number, max: number) {
  return (raw: string): number => {
    if (!/^-?\d+$/.test(raw.trim())) throw new Error('must be a whole number');
    const n = Number(raw);
    if (n < min || n > max) throw new Error(`must be between ${min} and ${max}`);
    return n;
  };
}

export function oneOf<T extends string>(...values: T[]) {
  return (raw: string): T => {
    const v = raw.trim() as T;
    if (!values.includes(v)) throw new Error(`must be one of ${values.join(', ')}`);
    return v;
  };
}

export function boolean(raw: string): boolean {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new Error('must be true or false');
}

export function text(raw: string): string {
  if (raw.trim() === '') throw new Error('must not be empty');
  return raw;
}

export function httpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error('must be an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('must be an http(s) URL');
  return url;
}

/** An http(s) URL a browser or the service is sent to: no fragment, no credentials (and no query, for an issuer). */
export function endpointUrl(options: { query: boolean }) {
  return (raw: string): URL => {
    const url = httpUrl(raw);
    if (raw.includes('#')) throw new Error('must not have a fragment');
    if (url.username !== '' || url.password !== '') throw new Error('must not carry credentials');
    if (!options.query && url.search !== '') throw new Error('must not have a query');
    return url;
  };
}

export function urlWithProtocol(...protocols: string[]) {
  return (raw: string): string => {
    let url: URL;
    try {
      url = new URL(raw.trim());
    } catch {
      throw new Error('must be a URL');
    }
    if (!protocols.includes(url.protocol)) {
      throw new Error(`must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
    }
    return raw.trim();
  };
}

export function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function urlList(raw: string): string[] {
  const items = list(raw);
  if (items.length === 0) throw new Error('must list at least one URL');
  for (const item of items) httpUrl(item);
  return items;
}

/** Fastify's trustProxy: true/false, a hop count, or a comma-separated list of addresses/CIDRs. */
export function trustProxy(raw: string): boolean | number | string[] {
  const v = raw.trim();
  if (/^\d+$/.test(v)) return Number(v);
  try {
    return boolean(v);
  } catch {
    const items = list(v);
    if (items.length === 0) throw new Error('must be true, false, a hop count or a list of addresses');
    return items;
  }
}

/** A secret given as text: at least 32 characters so that it carries enough entropy. */
export function secret(raw: string): string {
  if (raw.length < 32) throw new Error('must be at least 32 characters (e.g. 64 hex digits)');
  return raw;
}

/** A JSON object whose values are all strings. */
export function stringRecord(raw: string): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error('must be a JSON object');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) ||
      Object.values(value).some((v) => typeof v !== 'string')) {
    throw new Error('must be a JSON object of strings');
  }
  return value as Record<string, string>;
}

/** Comma-separated `host:port` items (`[v6]:port` for IPv6); the port may be left out. */
export function hostPortList(defaultPort: number) {
  return (raw: string): { host: string; port: number }[] => {
    const items = list(raw);
    if (items.length === 0) throw new Error('must list at least one host:port');
    return items.map((item) => {
      let url: URL;
      try {
        url = new URL(`redis://${item}`);
      } catch {
        throw new Error(`has ${item}, which is not a host:port`);
      }
      if (url.username || url.password || url.pathname || url.search || url.hash) {
        throw new Error(`has ${item}, which is not a host:port`);
      }
      return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port ? Number(url.port) : defaultPort };
    });
  };
}
