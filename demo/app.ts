// The demo web app: a server-side session behind an HttpOnly SameSite=Lax cookie
// (Secure outside development), CSRF tokens on every form, strict security headers,
// one stylesheet and one small script served from here, and the sign-in routes.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import session from '@fastify/session';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { assertionVerifier } from './assertion.js';
import { bridgeApi } from './bridge-api.js';
import type { DemoConfig } from './config.js';
import { flowRoutes, type FlowDeps } from './flow-routes.js';
import { pageContext, sendPage, sendProblem } from './flow-screens.js';
import { BoundedMemoryStore } from './session-store.js';
import { isLocale } from './texts.js';
import { donePage } from './views/done-page.js';
import { startPage } from './views/start-page.js';

const SESSION_IDLE_MS = 30 * 60 * 1000;
const PAGES_TO_RETURN_TO = new Set(['/', '/flow', '/done']);

const asset = (name: string) => readFileSync(new URL(`./public/${name}`, import.meta.url));
const ASSETS: Record<string, { type: string; body: Buffer }> = {
  'demo.css': { type: 'text/css; charset=utf-8', body: asset('demo.css') },
  'countdown.js': { type: 'text/javascript; charset=utf-8', body: asset('countdown.js') },
};

export interface DemoAppOptions {
  logger?: FastifyBaseLogger | false;
  /** Replaces parts of the flow's dependencies (tests). */
  deps?: Partial<FlowDeps>;
}

export async function buildDemoApp(config: DemoConfig, options: DemoAppOptions = {}) {
  const app = Fastify({
    loggerInstance: options.logger || undefined,
    // Request logs would carry the return URL's single-use handoff.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: config.trustProxy,
    bodyLimit: 8 * 1024,
  });
  await protections(app, config);
  app.setErrorHandler(errorPage);
  app.setNotFoundHandler((request, reply) => sendProblem(request, reply, 404, 'not_found'));
  pageRoutes(app, config);
  await app.register(flowRoutes, {
    config,
    now: () => new Date(),
    api: bridgeApi({ serviceUrl: config.serviceUrl, clientId: config.clientId, clientSecret: config.clientSecret }),
    verify: assertionVerifier(config.serviceUrl, config.clientId),
    ...options.deps,
  });
  return app;
}

export type DemoApp = Awaited<ReturnType<typeof buildDemoApp>>;

async function protections(app: FastifyInstance, config: DemoConfig): Promise<void> {
  const development = config.nodeEnv === 'development';
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      // No form-action: "Войти через Госуслуги" posts here and is redirected on to the
      // service and the provider, and Chromium checks form-action along redirects.
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'"],
        'base-uri': ["'none'"],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
      },
    },
  });
  await app.register(formbody);
  await app.register(cookie);
  await app.register(session, {
    // Only signs the session id; the sessions themselves die with the process.
    secret: randomBytes(32).toString('hex'),
    cookieName: development ? 'demo_session' : '__Host-demo_session',
    cookie: { httpOnly: true, sameSite: 'lax', secure: !development, path: '/', maxAge: SESSION_IDLE_MS },
    saveUninitialized: false,
    store: new BoundedMemoryStore(SESSION_IDLE_MS, 10_000),
  });
  await app.register(csrf, { sessionPlugin: '@fastify/session' });
  app.addHook('preHandler', (request, reply, done) => (request.method === 'POST' ? app.csrfProtection(request, reply, done) : done()));

  const publicHost = new URL(config.publicUrl).host;
  app.addHook('onRequest', async (request, reply) => {
    // One host only: the session cookie of localhost is not sent to 127.0.0.1, and the
    // browser must come back from the provider to the host it started on.
    if ((request.method === 'GET' || request.method === 'HEAD') && request.host !== publicHost) {
      return reply.redirect(`${config.publicUrl}${request.url}`, 308);
    }
  });
  app.addHook('onSend', async (_request, reply) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) reply.header('cache-control', 'no-store');
  });
}

function pageRoutes(app: FastifyInstance, config: DemoConfig): void {
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const found = ASSETS[request.params.name];
    if (!found) return sendProblem(request, reply, 404, 'not_found');
    return reply.type(found.type).header('cache-control', 'public, max-age=300').send(found.body);
  });

  app.get('/', async (request, reply) =>
    sendPage(reply, startPage(pageContext(request, reply), { development: config.nodeEnv === 'development' })));

  app.post<{ Body: { lang?: string; back?: string } }>('/lang', async (request, reply) => {
    const { lang, back } = request.body ?? {};
    if (isLocale(lang)) request.session.locale = lang;
    return reply.redirect(back && PAGES_TO_RETURN_TO.has(back) ? back : '/', 303);
  });

  app.get('/done', async (request, reply) => {
    const signedIn = request.session.signedIn;
    if (!signedIn) return reply.redirect('/', 303);
    return sendPage(reply, donePage(pageContext(request, reply), signedIn));
  });

  app.post('/logout', async (request, reply) => {
    await request.session.destroy();
    return reply.redirect('/', 303);
  });
}

function errorPage(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (err.code?.startsWith('FST_CSRF')) return sendProblem(request, reply, 403, 'csrf');
  if (err.validation || err.statusCode === 400) return sendProblem(request, reply, 400, 'unknown');
  request.log.error({ err, event: 'demo.error' }, 'unexpected error');
  return sendProblem(request, reply, 500, 'unknown');
}
