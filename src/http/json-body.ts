// Request bodies are JSON in UTF-8 (RFC 8259) and nothing else: bytes that are not
// UTF-8 are refused rather than turned into U+FFFD and echoed back, and text/plain
// is an unsupported media type like any other (Fastify would parse it as a string).

import type { FastifyInstance } from 'fastify';
import { BadRequest } from '../domain/errors.js';

export function jsonBodiesOnly(app: Pick<FastifyInstance, 'getDefaultJsonParser' | 'removeContentTypeParser' | 'addContentTypeParser'>): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      return done(BadRequest(), undefined);
    }
    parseJson(request, text, done);
  });
}
