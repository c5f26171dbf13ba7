// Drives the ESIA sandbox's HTML pages like a browser without JavaScript would:
// follows redirects by hand, keeps cookies in a jar and submits the plain forms.
// Shared by the sandbox's own tests and the service's end-to-end tests.
import { CookieJar } from 'tough-cookie';

const MAX_STEPS = 20;

interface FormControl {
  name: string;
  value: string;
  type: string;
}

interface Form {
  action: string;
  controls: FormControl[];
}

function unescapeHtml(value: string): string {
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [, name, value] of tag.matchAll(/([\w-]+)="([^"]*)"/g)) {
    out[name!.toLowerCase()] = unescapeHtml(value!);
  }
  return out;
}

function parseForms(html: string): Form[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)].map(([, formTag, body]) => ({
    action: attributes(formTag!).action ?? '',
    controls: [...body!.matchAll(/<(?:input|button)\b([^>]*)>/gi)].map(([, tag]) => {
      const attrs = attributes(tag!);
      return { name: attrs.name ?? '', value: attrs.value ?? '', type: attrs.type ?? 'submit' };
    }),
  }));
}

/** Submits the form whose submit button has this name and value, like a click on it. */
function pickForm(html: string, name: string, value: string): { action: string; body: URLSearchParams } | undefined {
  for (const form of parseForms(html)) {
    const button = form.controls.find((c) => c.type === 'submit' && c.name === name && c.value === value);
    if (!button) continue;
    const body = new URLSearchParams();
    for (const c of form.controls) if (c.type === 'hidden' && c.name) body.append(c.name, c.value);
    body.append(name, value);
    return { action: form.action, body };
  }
  return undefined;
}

async function request(jar: CookieJar, url: URL, init: RequestInit = {}): Promise<Response> {
  const cookie = await jar.getCookieString(url.href);
  const headers = new Headers(init.headers);
  if (cookie) headers.set('cookie', cookie);
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  for (const setCookie of response.headers.getSetCookie()) {
    await jar.setCookie(setCookie, url.href);
  }
  return response;
}

function isRedirectTo(location: URL, redirectUri: URL): boolean {
  return location.origin === redirectUri.origin && location.pathname === redirectUri.pathname;
}

/**
 * Walks the sandbox from `authorizationUrl` to the redirect back to the client:
 * picks `personaId` on the login page and `decision` on the consent page (each
 * only if the sandbox shows it) and returns the final redirect URL to the
 * client's redirect_uri without fetching it. `jar` lets a test continue an
 * existing sandbox session; by default every call is a fresh browser.
 */
export async function signInAtSandbox(
  authorizationUrl: string,
  personaId: string,
  decision: 'allow' | 'deny' = 'allow',
  jar: CookieJar = new CookieJar(),
): Promise<URL> {
  const redirectUri = new URL(new URL(authorizationUrl).searchParams.get('redirect_uri') ?? 'about:blank');
  let url = new URL(authorizationUrl);
  let response = await request(jar, url);

  for (let step = 0; step < MAX_STEPS; step += 1) {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      const next = new URL(location, url);
      if (isRedirectTo(next, redirectUri)) return next;
      url = next;
      response = await request(jar, url);
      continue;
    }

    const html = await response.text();
    if (response.status !== 200) {
      throw new Error(`sandbox answered ${response.status} at ${url.href}: ${html.slice(0, 500)}`);
    }
    const form = pickForm(html, 'persona', personaId) ?? pickForm(html, 'decision', decision);
    if (!form) throw new Error(`no form for persona "${personaId}" or decision "${decision}" at ${url.href}`);
    url = new URL(form.action, url);
    response = await request(jar, url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.body,
    });
  }
  throw new Error(`sandbox did not redirect back to ${redirectUri.href} within ${MAX_STEPS} steps`);
}
