import { it } from 'vitest';
import { loadTestEnv, registryTags } from '../env/test-env.js';
import { fixtureContext, gateInputs, uniqueRepository } from '../support/fault-run.js';
import { startRegistryProxy, faultAlways, isManifestPut, isBlobUpload } from '../support/fault-servers.js';
import { runAction } from '../support/run-action.js';
it('peek', async () => {
  const env = loadTestEnv();
  const which = process.env.M ?? '500';
  const proxy = await startRegistryProxy(env.registry, which === '500' ? faultAlways(isManifestPut, { status: 500 }) : faultAlways(isBlobUpload, 'reset'));
  const repo = uniqueRepository('x');
  const t = Date.now();
  const run = await runAction({ inputs: { ...gateInputs(env, fixtureContext(env, 'clean'), `${proxy.address}/${repo}`), tags: 'e2e' } });
  console.log(run.stdout.split('\n').filter(l => !/INFO|add-mask/.test(l)).join('\n'), run.stderr, (Date.now() - t) / 1000, JSON.stringify(proxy.log.map(l => `${l.method} ${l.path.replace(/[0-9a-f-]{36}/, 'U').replace(/sha256:[0-9a-f]{64}/,'D')} ${l.action}`)));
  console.log(await registryTags(env, repo));
  await proxy.close();
}, 600000);
