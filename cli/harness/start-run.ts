import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SimulatorClient } from '../../lib/admin/client.ts';
import type { IdpInfo, SpInfo } from '../../lib/admin/protocol.ts';
import { Keystore } from '../../lib/pki/index.ts';
import type { RunManifest } from '../../lib/run/manifest.ts';
import type { RunPlan } from '../../lib/run/plan.ts';
import { expandProjectsOnce, runTargetProfile } from '../../lib/run/run-inputs.ts';
import { parseMetadata } from '../../lib/saml/metadata/parse-metadata.ts';
import { loadScenario, type Scenario } from '../../lib/scenario/index.ts';
import { fillTemplate, type TargetProfile } from '../../lib/target/index.ts';
import { startIdpSimulator } from '../../simulators/idp/index.ts';
import { startSpSimulator } from '../../simulators/sp/index.ts';
import { exchangeMetadata } from './exchange-metadata.ts';

interface Started {
  url: string;
  close(): Promise<void>;
}

export interface StartedRun {
  manifest: RunManifest;
  manifestFile: string;
  log: string[];
  stop(): Promise<void>;
}

async function targetMetadata(profile: TargetProfile, baseUrl: string): Promise<string> {
  if (profile.metadata.file) return readFileSync(resolve(profile.metadata.file), 'utf8');
  const url = fillTemplate(profile.metadata.url!, { base_url: baseUrl });
  const res = await fetch(url).catch((e: Error) => {
    throw new Error(`${profile.file}: metadata.url ${url} cannot be fetched: ${e.message}`);
  });
  if (!res.ok) throw new Error(`${profile.file}: metadata.url ${url} answered ${res.status}`);
  return res.text();
}

/** Starts every simulator the plan needs, wires trust both ways, and writes the manifest the suites read. */
export async function startRun(plan: RunPlan): Promise<StartedRun> {
  const projects = expandProjectsOnce(plan);
  const keystore = new Keystore();
  const started: Started[] = [];
  const log: string[] = [];
  const stop = async () => {
    await Promise.allSettled(started.map((s) => s.close()));
  };
  try {
    const scenarios = new Map<string, Scenario>();
    for (const f of plan.scenarios) {
      const s = loadScenario(f);
      scenarios.set(s.id, s);
    }
    const idpByScenario = new Map<string, { url: string; info: IdpInfo; close(): Promise<void> }>();
    const counterpartIdp = async (id: string) => {
      let sim = idpByScenario.get(id);
      if (!sim) {
        const scenario = scenarios.get(id)!;
        sim = await startIdpSimulator({ scenario, keystore, port: plan.ports?.[id], name: `idp-${id}` });
        started.push(sim);
        idpByScenario.set(id, sim);
        log.push(`IdP simulator (${id}) at ${sim.url}`);
      }
      return sim;
    };
    const manifest: RunManifest = { startedAt: new Date().toISOString(), projects: {} };
    const builtinSps = new Map<string, { url: string; info: SpInfo; close(): Promise<void> }>();

    for (const p of projects) {
      const profile = runTargetProfile(p.targetFile);
      if (p.role === 'sp') {
        const idp = await counterpartIdp(p.scenario);
        let baseUrl = profile.baseUrl ?? '';
        let targetSim: string | undefined;
        if (profile.builtin?.simulator === 'sp') {
          let sp = builtinSps.get(profile.name);
          if (!sp) {
            sp = await startSpSimulator({
              name: profile.name,
              keystore,
              defects: profile.builtin.defects ?? [],
              ...(profile.builtin.options ?? {}),
            });
            started.push(sp);
            builtinSps.set(profile.name, sp);
            log.push(
              `reference SP "${profile.name}" at ${sp.url}${profile.builtin.defects?.length ? ` (defects: ${profile.builtin.defects.join(', ')})` : ''}`,
            );
          }
          baseUrl = sp.url;
          targetSim = sp.url;
        }
        const md = parseMetadata(await targetMetadata(profile, baseUrl), `${profile.file} metadata`);
        if (!md.sp) throw new Error(`${profile.file}: role is sp but its metadata has no SPSSODescriptor`);
        await new SimulatorClient(idp.url).trustPeer(md.xml, profile.nameId);
        log.push(
          `${p.name}: ${await exchangeMetadata(profile, { base_url: baseUrl }, idp.info.metadataUrl)}`,
        );
        manifest.projects[p.name] = {
          name: p.name,
          target: p.target,
          targetFile: resolve(p.targetFile),
          role: 'sp',
          scenario: p.scenario,
          targetBaseUrl: baseUrl,
          targetEntityId: md.entityId,
          counterpart: { role: 'idp', url: idp.url, entityId: idp.info.entityId },
          simulators: [idp.url, ...(targetSim ? [targetSim] : [])],
        };
      } else {
        // One reference SP per IdP target: IdPs of one scenario share an entityID (Entra's is fixed by
        // its tenant), and an SP trusts one IdP per entityID.
        const counterpartSp = await startSpSimulator({
          name: `counterpart-sp-${p.name}`,
          keystore,
          port: plan.ports?.sp,
        });
        started.push(counterpartSp);
        log.push(`reference SP (counterpart of ${p.name}) at ${counterpartSp.url}`);
        let baseUrl = profile.baseUrl ?? '';
        let targetSim: string | undefined;
        if (profile.builtin?.simulator === 'idp') {
          const sim = await startIdpSimulator({
            scenario: scenarios.get(p.scenario)!,
            keystore,
            defects: profile.builtin.defects ?? [],
            name: `${profile.name}-${p.scenario}`,
          });
          started.push(sim);
          log.push(`IdP target "${profile.name}" (${p.scenario}) at ${sim.url}`);
          baseUrl = sim.url;
          targetSim = sim.url;
        }
        const md = parseMetadata(await targetMetadata(profile, baseUrl), `${profile.file} metadata`);
        if (!md.idp) throw new Error(`${profile.file}: role is idp but its metadata has no IDPSSODescriptor`);
        await new SimulatorClient(counterpartSp.url).trustPeer(md.xml);
        log.push(
          `${p.name}: ${await exchangeMetadata(profile, { base_url: baseUrl }, counterpartSp.info.metadataUrl)}`,
        );
        manifest.projects[p.name] = {
          name: p.name,
          target: p.target,
          targetFile: resolve(p.targetFile),
          role: 'idp',
          scenario: p.scenario,
          targetBaseUrl: baseUrl,
          targetEntityId: md.entityId,
          counterpart: { role: 'sp', url: counterpartSp.url, entityId: counterpartSp.info.entityId },
          simulators: [counterpartSp.url, ...(targetSim ? [targetSim] : [])],
        };
      }
    }
    const dir = resolve(plan.outDir);
    mkdirSync(dir, { recursive: true });
    const manifestFile = join(dir, 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    return { manifest, manifestFile, log, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
