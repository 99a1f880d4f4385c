/**
 * `npm run openapi` — prints the OpenAPI document generated from the route declarations; the npm
 * script writes it to `dist/openapi.json` for `redocly lint` (part of `npm run check`). It imports
 * Worker code, so it is type-checked with the Worker project (tsconfig.json), not the Node one.
 */
import { apiDocument } from '../worker/routes/api';

console.log(JSON.stringify(apiDocument(), null, 2));
