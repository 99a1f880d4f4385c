/**
 * The readable API page (GET /api/docs), rendered from the generated OpenAPI document so it cannot
 * drift from it. Deliberately plain: one table of operations, one of error codes.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { html } from 'hono/html';
import { ERRORS } from '../../contracts/errors';

type Document = ReturnType<OpenAPIHono['getOpenAPI31Document']>;
type Operation = NonNullable<NonNullable<Document['paths']>[string]['get']>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** The page for `doc`; values are escaped by `html`. */
export function docsPage(doc: Document) {
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op: Operation | undefined = item[method];
      return op ? [{ method, path, op }] : [];
    }),
  );
  return html`<!doctype html>
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>API · 临汾技工 · 六个十</title>
        <style>
          body {
            font:
              15px/1.6 system-ui,
              sans-serif;
            max-width: 1100px;
            margin: 0 auto;
            padding: 16px;
          }
          table {
            border-collapse: collapse;
            width: 100%;
          }
          td,
          th {
            border-bottom: 1px solid #ddd;
            padding: 6px;
            text-align: left;
            vertical-align: top;
          }
        </style>
      </head>
      <body>
        <h1>${doc.info.title} v${doc.info.version}</h1>
        <p>${doc.info.description} Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>.</p>
        <h2>Operations</h2>
        <table>
          <tr>
            <th>method</th>
            <th>path</th>
            <th>what</th>
            <th>security</th>
            <th>responses</th>
          </tr>
          ${operations.map(
            ({ method, path, op }) =>
              html`<tr>
                <td><code>${method.toUpperCase()}</code></td>
                <td><code>${path}</code></td>
                <td>${op.summary}</td>
                <td>${op.security?.flatMap((s) => Object.keys(s)).join(' or ')}</td>
                <td>${Object.keys(op.responses ?? {}).join(', ')}</td>
              </tr>`,
          )}
        </table>
        <h2>Error codes</h2>
        <table>
          <tr>
            <th>code</th>
            <th>status</th>
            <th>message</th>
          </tr>
          ${Object.entries(ERRORS).map(
            ([code, e]) =>
              html`<tr>
                <td><code>${code}</code></td>
                <td>${e.status}</td>
                <td>${e.message}</td>
              </tr>`,
          )}
        </table>
      </body>
    </html>`;
}
