import { toGateError } from './domain/gate-error.js';
import { formatPlatform } from './domain/platforms/platform.js';
import { publishedPlatforms } from './domain/platforms/published-index.js';
import { errorDecision } from './domain/policy/decision.js';
import { sanitiseTag } from './domain/tags.js';
import type { Inputs } from './inputs.js';
import { publishedReference, runPublishedScan, type PipelinePorts, type RunResult } from './pipeline.js';
import type { RunPlan } from './plan.js';
import { runPublishedPlatformsScan } from './platforms-gate.js';

/**
 * `mode: summary`: what users pull, judged. With `platforms`, exactly those platforms of the
 * published index; without, the published tag decides: an index has each of its platforms
 * scanned (BuildKit's `unknown/unknown` attestation manifests skipped), one image is scanned as one.
 */
export async function runSummary(inputs: Inputs, plan: RunPlan, ports: PipelinePorts): Promise<RunResult> {
  if (inputs.platforms.length > 0) return runPublishedPlatformsScan(inputs, plan, ports, inputs.platforms.map(formatPlatform));
  let platforms: string[] | undefined;
  try {
    platforms = await discoverPlatforms(inputs, plan, ports);
  } catch (error) {
    return { decision: errorDecision(toGateError(error), {}, ports.now()), imageId: undefined, trivyVersion: undefined, pushed: undefined, reports: { filesystem: undefined, image: undefined } };
  }
  return platforms ? runPublishedPlatformsScan(inputs, plan, ports, platforms) : runPublishedScan(inputs, plan, ports);
}

/** The published index's platforms; undefined for one image, an unpublished tag, or no way to read it. */
async function discoverPlatforms(inputs: Inputs, plan: RunPlan, ports: PipelinePorts): Promise<string[] | undefined> {
  if (!ports.readPublishedManifest) return undefined;
  const reference = publishedReference(inputs, plan);
  const manifest = await ports.readPublishedManifest({ registry: plan.image.registry, repository: plan.image.repository, tag: sanitiseTag(inputs.baselineTag, 'baseline-tag') });
  if (manifest === undefined) return undefined;
  const platforms = publishedPlatforms(manifest, reference);
  if (platforms) ports.log.info(`${reference} is an image index: summarising ${platforms.join(', ')}`);
  return platforms;
}
