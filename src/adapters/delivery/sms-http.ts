// A generic HTTP SMS gateway adapter. The request is described by configuration:
// URL, method, headers (authentication included — the caller reads it from a secret)
// and a body template with the {phone} and {text} placeholders.
//
// How the placeholder values are escaped depends on the request:
//   - GET: the rendered template is a query string appended to the URL (after `?`, or
//     `&` when the URL already has a query); values are URL-encoded (encodeURIComponent).
//   - POST/PUT, Content-Type application/json or any `+json` type: values are JSON-string
//     escaped (without the surrounding quotes), so the template must put them inside
//     quotes: {"to":"{phone}","message":"{text}"}.
//   - POST/PUT, Content-Type application/x-www-form-urlencoded: values are URL-encoded
//     (encodeURIComponent): to={phone}&message={text}.
//   - POST/PUT, Content-Type application/xml, text/xml or any `+xml` type: XML-escaped.
//   - any other or no Content-Type: inserted verbatim (checkSmsHttpOptions reports a POST
//     or PUT without a Content-Type header).
// The placeholders are replaced in one pass, so a value can never inject a placeholder.
// {phone} is the E.164 number as stored (with the leading +).
//
// Success: the response status is in `successStatuses` (default 200, 201, 202; redirects
// are not followed) and, when `successJsonField` is set, the JSON response has that field
// (dotted path, array indices allowed: "messages.0.status") equal (===) to `equals`, a
// typed JSON value (true is not "true"), or present and truthy when `equals` is not given.
//
// Retry classification (see resilience.ts for the policy):
//   - network errors (connection refused/reset, DNS, TLS) and per-attempt timeouts → retried
//   - HTTP 5xx → retried
//   - HTTP 4xx (429 included), any other unexpected status, a provider rejection in the
//     JSON body, an unreadable or non-JSON body when a JSON field is required → NOT retried
// The response body is never logged or returned (gateways often echo the message text).

import type { CodeMessage, DeliveryChannel, DeliveryReport } from '../../ports/delivery.js';
import { nodeHttpFetch } from '../http/node-http-fetch.js';
import { smsText } from './code-text.js';
import { DeliveryError, resilientChannel } from './resilience.js';
import type { AttemptOutcome, BreakerState, ChannelDeps, ResilienceOptions } from './resilience.js';

export interface SmsHttpOptions {
  url: string;
  method: 'POST' | 'PUT' | 'GET';
  /** Sent with every request, e.g. Authorization (from a secret) and Content-Type. */
  headers: Record<string, string>;
  /** With {phone} and {text}; escaping follows the Content-Type, see the module comment. */
  bodyTemplate: string;
  /** Statuses that mean "accepted"; default [200, 201, 202]. */
  successStatuses?: number[];
  /** Optional body check, e.g. { path: 'status', equals: 'ok' }. */
  successJsonField?: { path: string; equals?: JsonScalar };
  /** Dotted path of the provider's message id in the JSON response. */
  messageIdJsonField?: string;
  resilience: ResilienceOptions;
}

export type JsonScalar = string | number | boolean | null;

export type SmsHttpDeps = ChannelDeps;

export interface SmsHttpChannel extends DeliveryChannel {
  readonly channel: 'sms';
  breakerState(): BreakerState;
}

export const DEFAULT_SUCCESS_STATUSES: readonly number[] = Object.freeze([200, 201, 202]);

export type ValueEncoding = 'query' | 'json' | 'form' | 'xml' | 'raw';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const SAMPLE_PHONE = '+70000000000';
const SAMPLE_TEXT = 'Sample "text" \\ with: symbols & <tags> / ünïcode — проверка';

/**
 * Problems with a body template (empty, missing {phone} or {text}, unknown placeholders,
 * a JSON-looking template that is not valid JSON once filled in). Empty when usable.
 */
export function checkSmsBodyTemplate(template: string): string[] {
  const problems: string[] = [];
  if (typeof template !== 'string' || template.trim() === '') {
    return ['bodyTemplate is empty; it must contain the {phone} and {text} placeholders'];
  }
  const names = new Set(Array.from(template.matchAll(PLACEHOLDER), (m) => m[1]));
  if (!names.has('phone')) problems.push('bodyTemplate has no {phone} placeholder');
  if (!names.has('text')) problems.push('bodyTemplate has no {text} placeholder');
  for (const name of names) {
    if (name !== 'phone' && name !== 'text') {
      problems.push(`bodyTemplate has an unknown placeholder {${name}}; only {phone} and {text} are supported`);
    }
  }
  const trimmed = template.trim();
  const looksLikeJson = trimmed.startsWith('[') || (trimmed.startsWith('{') && !/^\{[A-Za-z_][A-Za-z0-9_]*\}/.test(trimmed));
  if (looksLikeJson) {
    try {
      JSON.parse(renderTemplate(template, SAMPLE_PHONE, SAMPLE_TEXT, 'json'));
    } catch {
      problems.push(
        'bodyTemplate looks like JSON but is not valid JSON once {phone} and {text} are filled in ' +
          '(put the placeholders inside quotes: "{text}")',
      );
    }
  }
  return problems;
}

/** All problems with the options (template, URL, statuses, resilience). Empty when usable. */
export function checkSmsHttpOptions(options: SmsHttpOptions): string[] {
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(options.url);
  } catch {
    problems.push('url is not a valid absolute URL');
  }
  if (url && url.protocol !== 'http:' && url.protocol !== 'https:') problems.push('url must be http or https');
  if (!['POST', 'PUT', 'GET'].includes(options.method)) problems.push('method must be POST, PUT or GET');
  problems.push(...checkSmsBodyTemplate(options.bodyTemplate));
  const encoding = valueEncoding(options.method, options.headers ?? {});
  if (options.method !== 'GET' && headerValue(options.headers ?? {}, 'content-type') === undefined) {
    problems.push('a POST or PUT needs a Content-Type header (it decides how {phone} and {text} are escaped)');
  }
  if (encoding === 'json' && problems.length === 0) {
    try {
      JSON.parse(renderTemplate(options.bodyTemplate, SAMPLE_PHONE, SAMPLE_TEXT, 'json'));
    } catch {
      problems.push('Content-Type is JSON but bodyTemplate is not valid JSON once {phone} and {text} are filled in');
    }
  }
  const statuses = options.successStatuses;
  if (statuses !== undefined) {
    if (!Array.isArray(statuses) || statuses.length === 0) problems.push('successStatuses must not be empty');
    else if (statuses.some((s) => !Number.isInteger(s) || s < 200 || s > 299)) {
      problems.push('successStatuses must be 2xx status codes');
    }
  }
  problems.push(...headerProblems(options.headers ?? {}));
  if (options.successJsonField !== undefined && !validPath(options.successJsonField.path)) {
    problems.push('successJsonField.path must be a non-empty dotted path');
  }
  if (options.messageIdJsonField !== undefined && !validPath(options.messageIdJsonField)) {
    problems.push('messageIdJsonField must be a non-empty dotted path');
  }
  return problems;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Header names that are not RFC 9110 tokens and values with CR, LF or NUL: such a
 * header would be refused by fetch at every send, or split into another header.
 */
export function headerProblems(headers: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) problems.push(`${JSON.stringify(name)} is not a valid header name`);
    if (/[\r\n\0]/.test(value)) problems.push(`header ${name} must not contain CR, LF or NUL`);
  }
  return problems;
}

function validPath(path: unknown): boolean {
  return typeof path === 'string' && path.split('.').every((part) => part !== '');
}

function headerValue(headers: Record<string, string>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

/** How {phone} and {text} are escaped for this method and these headers. */
export function valueEncoding(method: SmsHttpOptions['method'], headers: Record<string, string>): ValueEncoding {
  if (method === 'GET') return 'query';
  const contentType = headerValue(headers, 'content-type');
  if (contentType === undefined) return 'raw';
  const mediaType = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  if (mediaType === 'application/json' || mediaType.endsWith('+json')) return 'json';
  if (mediaType === 'application/x-www-form-urlencoded') return 'form';
  if (mediaType === 'application/xml' || mediaType === 'text/xml' || mediaType.endsWith('+xml')) return 'xml';
  return 'raw';
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function encodeValue(value: string, encoding: ValueEncoding): string {
  switch (encoding) {
    case 'json':
      return JSON.stringify(value).slice(1, -1);
    case 'query':
    case 'form':
      return encodeURIComponent(value);
    case 'xml':
      return value.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
    case 'raw':
      return value;
  }
}

/** Fills {phone} and {text} in one pass; other text is left as it is. */
export function renderTemplate(template: string, phone: string, text: string, encoding: ValueEncoding): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === 'phone') return encodeValue(phone, encoding);
    if (name === 'text') return encodeValue(text, encoding);
    return whole;
  });
}

/** Reads a dotted path ("a.b.0.c") from parsed JSON; undefined when absent. */
export function readJsonPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function createSmsHttpChannel(options: SmsHttpOptions, deps: SmsHttpDeps): SmsHttpChannel {

  const successStatuses = new Set(options.successStatuses ?? DEFAULT_SUCCESS_STATUSES);
  const encoding = valueEncoding(options.method, options.headers);
  const headers = { ...options.headers };
  const needsJson = options.successJsonField !== undefined || options.messageIdJsonField !== undefined;
  const send = nodeHttpFetch();

  function buildRequest(phone: string, text: string): { url: string; body: string | undefined } {
    const rendered = renderTemplate(options.bodyTemplate, phone, text, encoding);
    if (options.method !== 'GET') return { url: options.url, body: rendered };
    const separator = options.url.includes('?') ? (/[?&]$/.test(options.url) ? '' : '&') : '?';
    return { url: `${options.url}${separator}${rendered.replace(/^[?&]/, '')}`, body: undefined };
  }

  async function attempt(phone: string, text: string, signal: AbortSignal): Promise<AttemptOutcome> {
    const request = buildRequest(phone, text);
    let response: Response;
    try {
      response = await send(request.url, {
        method: options.method,
        headers,
        body: request.body,
        signal,
        redirect: 'manual',
      });
    } catch {
      // The error message may carry the URL (with a query string holding the text for
      // GET): never pass it on.
      throw new DeliveryError(signal.aborted ? 'attempt_timeout' : 'network_error', true);
    }
    const status = response.status;
    if (!successStatuses.has(status)) {
      await discardBody(response);
      throw new DeliveryError(`http_${status}`, status >= 500 && status <= 599, status);
    }
    if (!needsJson) {
      await discardBody(response);
      return { status };
    }

    let json: unknown;
    try {
      json = JSON.parse(await response.text());
    } catch {
      json = undefined;
    }
    if (options.successJsonField) {
      if (json === undefined) throw new DeliveryError('invalid_json_response', false, status);
      const { path, equals } = options.successJsonField;
      const actual = readJsonPath(json, path);
      const accepted =
        equals === undefined ? actual !== undefined && actual !== null && actual !== false && actual !== '' : actual === equals;
      if (!accepted) throw new DeliveryError('provider_rejected', false, status);
    }
    const outcome: AttemptOutcome = { status };
    if (options.messageIdJsonField && json !== undefined) {
      const id = readJsonPath(json, options.messageIdJsonField);
      if ((typeof id === 'string' && id !== '') || typeof id === 'number') outcome.providerMessageId = String(id);
    }
    return outcome;
  }

  return resilientChannel('sms', options.resilience, deps, (message, signal) =>
    attempt(message.destination, smsText(message.code, message.locale), signal),
  );
}

async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // nothing to clean up
  }
}
