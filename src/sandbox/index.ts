// ESIA-compatible OpenID provider for development and tests only: fictional
// personas, throwaway keys, in-memory state. Never part of a production process.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import { pino, type Logger } from 'pino';
import { esiaRestHandler } from './esia-rest.js';
import { esiaSandboxHandler, type EsiaSandboxSetup } from './esia/esia-sandbox.js';
import { interactionHandler, sendHtml } from './interactions.js';
import { localeFor, personasPage } from './pages.js';
import { personas } from './personas.js';
import { createProvider, type SandboxClient } from './provider.js';

export type { SandboxClient } from './provider.js';

export interface SandboxOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /**
   * Default `http://localhost:<port>`; when port 0 is asked for on 127.0.0.1 the
   * default is `http://127.0.0.1:<bound port>` instead, so that test clients never
   * depend on how `localhost` resolves. Must be the server's root: no path.
   * Only `iss` is fixed by it: discovery's endpoint URLs follow the Host header
   * of the request (oidc-provider's behaviour).
   */
  issuer?: string;
  clients: SandboxClient[];
  logger?: Logger;
  /** Clock for persona ages (tokens always use the real clock). */
  now?: () => Date;
  /**
   * Speak ESIA's own protocol (the `esia` dialect) instead of OpenID Connect: the
   * sandbox's GOST key and the clients' registered certificates. `clients` is then
   * unused; the issuer gets ESIA's trailing slash.
   */
  esia?: Pick<EsiaSandboxSetup, 'signer' | 'clients' | 'idTokenSigner'>;
}

export interface RunningSandbox {
  issuer: string;
  /** Where the server actually listens: `http://<host>:<bound port>`. */
  url: string;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function defaultIssuer(host: string, requestedPort: number, boundPort: number): string {
  const name = requestedPort === 0 && host === '127.0.0.1' ? '127.0.0.1' : 'localhost';
  return `http://${name}:${boundPort}`;
}

async function signingKey() {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: `sandbox-${Date.now()}` };
}

export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? pino({ enabled: false });
  const now = options.now ?? (() => new Date());

  // The issuer may depend on the bound port, so the server listens before the
  // provider exists; nobody knows the address until startSandbox returns.
  let handle: Handler = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = options.issuer ?? defaultIssuer(host, options.port, port);
  if (new URL(issuer).pathname !== '/') {
    server.close();
    throw new Error(`sandbox issuer must have no path: ${issuer}`);
  }

  if (options.esia) {
    const esiaIssuer = `${issuer.replace(/\/$/, '')}/`;
    const esia = esiaSandboxHandler({ ...options.esia, issuer: esiaIssuer, logger, now });
    handle = (req, res) => void esia(req, res).catch((error: unknown) => failed(logger, res, error));
    return running(server, host, port, esiaIssuer, logger);
  }

  const provider = createProvider({
    issuer,
    clients: options.clients,
    signingKey: await signingKey(),
    now,
    logger,
  });
  const providerCallback = provider.callback();
  const interactions = interactionHandler(provider, logger);
  const esiaRest = esiaRestHandler(async (token) => (await provider.AccessToken.find(token))?.accountId, now);
  handle = (req, res) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    if (path === '/' && req.method === 'GET') {
      return sendHtml(res, 200, personasPage(localeFor(req.headers['accept-language']), personas));
    }
    const route = path.startsWith('/interaction/')
      ? interactions
      : path.startsWith('/rs/')
        ? esiaRest
        : undefined;
    if (!route) return providerCallback(req, res);
    route(req, res, path).catch((error: unknown) => failed(logger, res, error));
  };
  return running(server, host, port, issuer, logger);
}

function failed(logger: Logger, res: ServerResponse, error: unknown): void {
  logger.error({ err: error }, 'sandbox request failed');
  if (!res.headersSent) res.writeHead(500);
  res.end();
}

function running(server: Server, host: string, port: number, issuer: string, logger: Logger): RunningSandbox {
  const urlHost = host.includes(':') ? `[${host}]` : host;
  logger.info({ issuer, port }, 'ESIA sandbox listening');
  return {
    issuer,
    url: `http://${urlHost}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
