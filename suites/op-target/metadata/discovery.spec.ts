import { checkIds } from '../../../lib/checks/catalog.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { endpointsConsistent, issuerMatches, jwksKeys, requiredMembers } from '../checks/discovery-checks.ts';
import { fetchJwks } from '../steps/id-token.ts';
import { opDocument } from '../steps/op-target.ts';

const CHECKS = checkIds((c) => c.role === 'op' && c.flow === 'metadata');

eachProject('op', () => {
  checkTest('discovery document and JWKS', { flow: 'metadata', checks: CHECKS }, async ({ accord }) => {
    // The published documents only: no client is registered for them (op.dynamicRegistration).
    const op = await opDocument(accord);
    const doc = op.discovery;
    const { issuer } = op.descriptor;
    const judged = {
      'OP-DISCOVERY-01': requiredMembers(doc),
      'OP-DISCOVERY-ISSUER': issuerMatches(doc, issuer),
      'OP-DISCOVERY-ENDPOINTS': endpointsConsistent(doc, issuer),
    } as const;
    for (const [id, j] of Object.entries(judged))
      await accord.checks.record(id as keyof typeof judged, j.ok, j.detail);
    let keys: Awaited<ReturnType<typeof jwksKeys>>;
    try {
      keys = await jwksKeys(await fetchJwks(op));
    } catch (e) {
      keys = { ok: false, detail: (e as Error).message };
    }
    await accord.checks.record('OP-JWKS-KEYS', keys.ok, keys.detail);
  });
});
