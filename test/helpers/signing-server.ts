// A small signing service on loopback for the remote signer's tests: the protocol of
// src/adapters/signer/remote-signer.ts over real HTTP, backed by an in-process GOST
// signer, with a script of misbehaviours (hang, 5xx, bad answers) per request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';
import type { GostSigner } from '../../src/ports/signer.js';

export type Behaviour = 'ok' | 'hang' | 500 | 503 | 401 | 'garbage' | 'no-field';

export interface SigningServer {
  url: string;
  /** Behaviours for the next requests, in order; afterwards 'ok'. */
  script: Behaviour[];
  requests: { path: string; authorization: string | undefined }[];
}

async function body(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, string>;
}

const bytes = (b64: string | undefined) => Buffer.from(b64 ?? '', 'base64');
const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64');

async function answer(signer: GostSigner, path: string, input: Record<string, string>): Promise<object | undefined> {
  if (path === '/sign') return { signature: b64(await signer.sign(bytes(input.data))) };
  if (path === '/verify') return { valid: await signer.verify(bytes(input.data), bytes(input.signature), bytes(input.certificate)) };
  if (path === '/digest') return { digest: b64(await signer.digest(bytes(input.data))) };
  return undefined;
}

export async function startSigningServer(t: Test, signer: GostSigner, authorization = 'Bearer signer-test-token'): Promise<SigningServer> {
  const state: Omit<SigningServer, 'url'> = { script: [], requests: [] };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/signer/, '');
    state.requests.push({ path, authorization: req.headers.authorization });
    const behaviour = state.script.shift() ?? 'ok';
    if (behaviour === 'hang') return; // never answers; the client times out
    if (typeof behaviour === 'number') return void res.writeHead(behaviour).end('{"error":"scripted"}');
    if (req.headers.authorization !== authorization) return void res.writeHead(401).end();
    void body(req)
      .then((input) => answer(signer, path, input))
      .then((out) => {
        if (!out) return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'application/json' });
        if (behaviour === 'garbage') return void res.end('not json');
        res.end(JSON.stringify(behaviour === 'no-field' ? {} : out));
      })
      .catch(() => res.writeHead(500).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return Object.assign(state, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/signer` });
}
