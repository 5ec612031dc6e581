import { githubOpenApi } from '../support/openapi-validator.js';
import { test } from "vitest"; test("scratch", () => {
const t0 = Date.now();
const api = githubOpenApi();
console.log('load ms', Date.now() - t0);
const m = api.match('POST', '/repos/acme/app/issues')!;
console.log(m.operation.operationId, m.pathParams);
const t1 = Date.now();
console.log(api.validateRequest(m, new URLSearchParams(), { title: 'x', body: 'y', labels: ['a'] }, true));
console.log(api.validateRequest(m, new URLSearchParams('foo=1'), { title: {}, labelz: 1 }, true));
console.log('compile ms', Date.now() - t1);
console.log(api.validateResponse(m.operation, 201, { id: 1 }));
console.log(api.match('GET', '/repos/acme/app/issues/comments')!.operation.operationId);
console.log(api.match('PATCH', '/repos/acme/app/issues/comments/5')!.operation.operationId);
});
