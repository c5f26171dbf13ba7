// The sandbox speaking ESIA's own protocol at ESIA's paths (development and tests):
//   GET  /aas/oauth2/v2/ac, /aas/oauth2/ac   signed authorization request → persona and consent pages
//   POST /aas/oauth2/v3/te, /aas/oauth2/te   signed token request → GOST-signed ID and access tokens
//   GET  /rs/prns/{oid}[/ctts|/kids]          the person's data (esia-rest.ts)
// Requests are checked as ESIA does (esia-checks.ts). A refused authorization
// request goes back to a registered redirect_uri with error=… and
// error_description=ESIA-0070xx: …; an unknown client or redirect_uri gets a page.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { ESIA_PATHS, type EsiaEndpoints } from '../../adapters/provider/esia/esia-options.js';
import type { GostSigner } from '../../ports/signer.js';
import { esiaRestHandler, sendJson } from '../esia-rest.js';
import { consentPage, errorPage, loginPage } from '../pages.js';
import { findPersona, findPersonaByOid, personas } from '../personas.js';
import { checkSignedRequest, EsiaRefusal, refusals, registeredClient, requireParams, type CheckContext, type EsiaSandboxClient } from './esia-checks.js';
import { esiaTokens, type IdTokenSigner } from './esia-tokens.js';

export interface EsiaSandboxSetup {
  issuer: string;
  clients: EsiaSandboxClient[];
  /** The sandbox's own GOST key (it signs tokens) with a verifier for clients' signatures. */
  signer: GostSigner;
  logger: Logger;
  /** Persona ages only; requests and tokens use the real clock. */
  now: () => Date;
  idTokenSigner?: IdTokenSigner;
}

interface Interaction {
  client: EsiaSandboxClient;
  redirectUri: string;
  state: string;
  scope: string;
  oid?: string;
}

const AUTHORIZE_PARAMS = ['client_id', 'client_secret', 'redirect_uri', 'scope', 'response_type', 'state', 'timestamp'];
const TOKEN_PARAMS = ['client_id', 'code', 'grant_type', 'client_secret', 'state', 'redirect_uri', 'scope', 'timestamp', 'token_type'];
const MAX_FORM_BYTES = 16 * 1024;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw refusals.missing(['a body under 16 KiB']);
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function html(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(body);
}

function redirect(res: ServerResponse, to: URL | string): void {
  res.writeHead(302, { Location: typeof to === 'string' ? to : to.href, 'Cache-Control': 'no-store' }).end();
}

function back(interaction: Pick<Interaction, 'redirectUri' | 'state'>, params: Record<string, string>): URL {
  const url = new URL(interaction.redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  url.searchParams.set('state', interaction.state);
  return url;
}

const endpointsOf = (path: string): EsiaEndpoints => (path.includes('/v2/') || path.includes('/v3/') ? 'v2' : 'legacy');

export function esiaSandboxHandler(setup: EsiaSandboxSetup) {
  const clock = () => new Date();
  const checks: CheckContext = { clients: setup.clients, verifier: setup.signer, now: clock, seenStates: new Set() };
  const tokens = esiaTokens({ issuer: setup.issuer, signer: setup.signer, now: clock, idTokenSigner: setup.idTokenSigner });
  const interactions = new Map<string, Interaction>();
  const rest = esiaRestHandler((token) => tokens.accountOf(token), setup.now);

  async function authorize(res: ServerResponse, url: URL, endpoints: EsiaEndpoints) {
    const params = url.searchParams;
    const client = registeredClient(checks, params);
    if (!client) return html(res, 400, errorPage('ru', refusals.client().message));
    const target = { redirectUri: params.get('redirect_uri') ?? '', state: params.get('state') ?? '' };
    try {
      requireParams(params, endpoints === 'v2' ? [...AUTHORIZE_PARAMS, 'client_certificate_hash'] : AUTHORIZE_PARAMS);
      await checkSignedRequest(checks, client, params, endpoints);
    } catch (err) {
      if (!(err instanceof EsiaRefusal)) throw err;
      setup.logger.info({ event: 'esia_sandbox.refused', code: err.esiaCode }, 'authorization request refused');
      return redirect(res, back(target, { error: err.error, error_description: err.message }));
    }
    const uid = randomUUID();
    interactions.set(uid, { client, ...target, scope: params.get('scope') ?? '' });
    return redirect(res, `/interaction/${uid}`);
  }

  async function interaction(req: IncomingMessage, res: ServerResponse, path: string) {
    const [, uid, step] = /^\/interaction\/([\w-]+)(?:\/(login|consent))?$/.exec(path) ?? [];
    const pending = uid ? interactions.get(uid) : undefined;
    if (!pending) return html(res, 404, errorPage('ru', 'Вход не найден.'));
    const clientId = pending.client.client_id;
    if (req.method === 'GET' && step === undefined) {
      const persona = pending.oid ? findPersonaByOid(pending.oid) : undefined;
      return html(res, 200, persona
        ? consentPage({ action: `/interaction/${uid}/consent`, clientId, locale: 'ru', persona, scopes: pending.scope.split(' ') })
        : loginPage({ action: `/interaction/${uid}/login`, clientId, locale: 'ru', personas }));
    }
    const form = await readForm(req);
    if (step === 'login') {
      const persona = findPersona(form.get('persona') ?? '');
      if (!persona) return html(res, 400, errorPage('ru', 'Неизвестный тестовый пользователь.'));
      pending.oid = persona.oid;
      return redirect(res, `/interaction/${uid}`);
    }
    interactions.delete(uid!);
    if (form.get('decision') !== 'allow' || !pending.oid) {
      const denied = refusals.denied();
      return redirect(res, back(pending, { error: denied.error, error_description: denied.message }));
    }
    const code = tokens.issueCode({ clientId, redirectUri: pending.redirectUri, oid: pending.oid, scope: pending.scope });
    return redirect(res, back(pending, { code }));
  }

  async function token(req: IncomingMessage, res: ServerResponse, endpoints: EsiaEndpoints) {
    const form = await readForm(req);
    try {
      requireParams(form, endpoints === 'v2' ? [...TOKEN_PARAMS, 'client_certificate_hash'] : TOKEN_PARAMS);
      const client = registeredClient(checks, form);
      if (!client || form.get('grant_type') !== 'authorization_code') throw refusals.client();
      await checkSignedRequest(checks, client, form, endpoints);
      const grant = tokens.takeCode(form.get('code') ?? '', client.client_id, form.get('redirect_uri') ?? '');
      if (!grant) throw refusals.grant();
      return sendJson(res, 200, { ...(await tokens.issueTokens(grant)), state: form.get('state') });
    } catch (err) {
      if (!(err instanceof EsiaRefusal)) throw err;
      setup.logger.info({ event: 'esia_sandbox.refused', code: err.esiaCode }, 'token request refused');
      return sendJson(res, 400, { error: err.error, error_description: err.message });
    }
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', setup.issuer);
    const path = url.pathname;
    if (req.method === 'GET' && (path === ESIA_PATHS.v2.authorize || path === ESIA_PATHS.legacy.authorize)) {
      return authorize(res, url, endpointsOf(path));
    }
    if (req.method === 'POST' && (path === ESIA_PATHS.v2.token || path === ESIA_PATHS.legacy.token)) return token(req, res, endpointsOf(path));
    if (path.startsWith('/interaction/')) return interaction(req, res, path);
    if (path.startsWith('/rs/')) return rest(req, res, path);
    return sendJson(res, 404, { error: 'not_found' });
  };
}
