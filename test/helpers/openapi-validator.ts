// Checks a recorded response against openapi.yaml: the path, the method and the
// status must be documented, and the body must match the documented schema for its
// content type.

import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import type { Recorded } from './flow.js';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };

export function openApiValidator(file = new URL('../../openapi.yaml', import.meta.url)) {
  const doc = parse(readFileSync(file, 'utf8')) as Doc;
  const ajv = new Ajv2020({ strict: false, validateSchema: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema(doc as object, 'openapi');
  const templates = Object.keys(doc.paths).map((template) => ({
    template,
    regex: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  }));

  return function problemsOf(r: Recorded): string[] {
    const path = r.url.split('?')[0] ?? '';
    const match = templates.find((t) => t.regex.test(path));
    if (!match) return [`${r.method} ${path}: path not in openapi.yaml`];
    const operation = doc.paths[match.template]?.[r.method.toLowerCase()];
    if (!operation) return [`${r.method} ${match.template}: method not in openapi.yaml`];
    const response = operation.responses[String(r.status)];
    if (!response) return [`${r.method} ${match.template}: status ${r.status} not documented`];
    if (!response.content) return r.body === null || r.body === '' ? [] : [`${r.method} ${match.template} ${r.status}: body not documented`];
    const mediaType = r.contentType.split(';')[0]?.trim() ?? '';
    if (!(mediaType in response.content)) return [`${r.method} ${match.template} ${r.status}: content type ${mediaType} not documented`];
    const pointer = ['paths', match.template, r.method.toLowerCase(), 'responses', String(r.status), 'content', mediaType, 'schema']
      .map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1'))
      .join('/');
    const validate = ajv.getSchema(`openapi#/${pointer}`);
    if (!validate) return [`${r.method} ${match.template} ${r.status}: no schema`];
    return validate(r.body) ? [] : (validate.errors ?? []).map((e) => `${r.method} ${match.template} ${r.status}: ${e.instancePath} ${e.message}`);
  };
}
