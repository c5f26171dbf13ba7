// The sandbox's login and consent steps, plugged into oidc-provider's
// interactions: GET /interaction/:uid renders the pending prompt, POST
// /interaction/:uid/login|consent resolves it and hands control back.
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { errors, type InteractionDetails, type InteractionResult } from 'oidc-provider';
import type { Logger } from 'pino';
import { consentPage, errorPage, localeFor, loginPage, oauthErrorPage, type Locale } from './pages.js';
import { findPersona, findPersonaByOid, personas } from './personas.js';

const problems = {
  notFound: { ru: 'Страница не найдена.', en: 'Page not found.' },
  method: { ru: 'Метод запроса не поддерживается.', en: 'Request method not allowed.' },
  mismatch: {
    ru: 'Эта страница относится к другому входу. Начните вход заново.',
    en: 'This page belongs to another sign-in. Start again.',
  },
  form: { ru: 'Ожидалась обычная HTML-форма.', en: 'A plain HTML form was expected.' },
  persona: { ru: 'Неизвестный тестовый пользователь.', en: 'Unknown test person.' },
  decision: { ru: 'Неизвестное решение.', en: 'Unknown decision.' },
  internal: { ru: 'Внутренняя ошибка песочницы.', en: 'Sandbox internal error.' },
} satisfies Record<string, Record<Locale, string>>;

class PageError extends Error {
  constructor(
    readonly status: number,
    readonly problem: keyof typeof problems,
  ) {
    super(problems[problem].en);
  }
}

const MAX_FORM_BYTES = 16 * 1024;

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
    throw new PageError(415, 'form');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new PageError(413, 'form');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  res.end(html);
}

function signedInPersona(details: InteractionDetails) {
  const persona = findPersonaByOid(details.session?.accountId ?? '');
  if (!persona) throw new PageError(400, 'mismatch');
  return persona;
}

function renderPrompt(details: InteractionDetails, locale: Locale): string {
  const clientId = details.params.client_id;
  if (details.prompt.name === 'login') {
    const action = `/interaction/${details.uid}/login`;
    return loginPage({ action, clientId, locale, personas, hint: details.params.login_hint });
  }
  return consentPage({
    action: `/interaction/${details.uid}/consent`,
    clientId,
    locale,
    persona: signedInPersona(details),
    scopes: details.prompt.details.missingOIDCScope ?? [],
  });
}

function login(form: URLSearchParams): InteractionResult {
  const persona = findPersona(form.get('persona') ?? '');
  if (!persona) throw new PageError(400, 'persona');
  return { login: { accountId: persona.oid } };
}

async function consent(provider: Provider, details: InteractionDetails, form: URLSearchParams) {
  const decision = form.get('decision');
  if (decision === 'deny') {
    return { error: 'access_denied', error_description: 'End-User denied the request' };
  }
  if (decision !== 'allow') throw new PageError(400, 'decision');

  // Adding to the existing grant keeps scopes the person allowed earlier in this session.
  const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
  const grant =
    existing ??
    new provider.Grant({ accountId: signedInPersona(details).oid, clientId: details.params.client_id });
  grant.addOIDCScope((details.prompt.details.missingOIDCScope ?? []).join(' '));
  return { consent: { grantId: await grant.save() } };
}

export function interactionHandler(provider: Provider, logger: Logger) {
  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    let locale: Locale = 'ru';
    try {
      const match = /^\/interaction\/([\w-]+)(?:\/(login|consent))?$/.exec(path);
      if (!match) throw new PageError(404, 'notFound');
      const [, uid, step] = match;
      const details = await provider.interactionDetails(req, res);
      locale = localeFor(details.params.ui_locales);
      if (details.uid !== uid) throw new PageError(400, 'mismatch');

      if (step === undefined) {
        if (req.method !== 'GET') throw new PageError(405, 'method');
        return sendHtml(res, 200, renderPrompt(details, locale));
      }
      if (req.method !== 'POST') throw new PageError(405, 'method');
      if (step !== details.prompt.name) throw new PageError(400, 'mismatch');
      const form = await readForm(req);
      const result = step === 'login' ? login(form) : await consent(provider, details, form);
      await provider.interactionFinished(req, res, result);
    } catch (error) {
      if (error instanceof PageError) {
        return sendHtml(res, error.status, errorPage(locale, problems[error.problem][locale]));
      }
      if (error instanceof errors.OIDCProviderError) {
        return sendHtml(res, error.status, oauthErrorPage(locale, error));
      }
      logger.error({ err: error }, 'sandbox interaction failed');
      sendHtml(res, 500, errorPage(locale, problems.internal[locale]));
    }
  };
}
