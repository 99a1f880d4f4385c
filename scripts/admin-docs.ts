/**
 * `npm run docs:admin` — prints the roles × routes matrix of docs/admin.md, generated from the route
 * declarations (worker/routes/admin/matrix.ts); paste it between the markers there. It imports
 * Worker code, so it is type-checked with the Worker project (tsconfig.json), like scripts/openapi.ts.
 */
import { rolesMatrix } from '../worker/routes/admin/matrix';

console.log(rolesMatrix());
