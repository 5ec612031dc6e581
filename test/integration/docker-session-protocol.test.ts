import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGetSecretRequest, encodeGetSecretResponse, encodeHealthCheckResponse } from '../../src/adapters/docker/buildkit-session.js';
import { BuildKitProgress, decodeStatusResponse } from '../../src/adapters/docker/buildkit-trace.js';
import { chooseBuilder, type EngineInfo } from '../../src/adapters/docker/docker-engine.js';
import type { DockerEngine } from '../../src/adapters/docker/docker-engine.js';
import { createDockerImageBuilder } from '../../src/adapters/docker/image-builder.js';
import { decodeFields, encodeBytesField, encodeVarintField, grpcFrame, grpcMessages, ProtobufError } from '../../src/adapters/docker/protobuf-wire.js';
import { GateError } from '../../src/domain/gate-error.js';
import { loadTestEnv, type TestEnv } from '../env/test-env.js';
import { busyboxContext, engineFor, imageFiles, recordingLog, removeImage } from './docker-helpers.js';

// Two StatusResponse messages captured from Docker 20.10.24's /build stream.
const TRACE_VERTEX =
  'CosBCkdzaGEyNTY6ZWJhZGM0NWZjMmRlYmVkMjBiMWY2Mzc2NTlkYjk0MGU3MTQ1MGE0OWNhNTBhOTA5ZTE5MWNiNWFkYmFmY2M4MxokW2ludGVybmFsXSBsb2FkIHJlbW90ZSBidWlsZCBjb250ZXh0KgwIrZWL2AYQ04unzQEyDAitlYvYBhCExqrNAQ==';
const TRACE_LOG = 'GmoKR3NoYTI1NjpkNGNhNWUzZTY5ODliYzJjNDE0Y2Y1YTU0YWNkYmJjMTA4N2EyZGE0ZjNhY2ZhMGYyNmJhODA4MTk2NTkyMTUyEgwIrZWL2AYQyoH3zgMYASIPaGVsbG8gZnJvbSBydW4K';

describe('protobuf and gRPC framing', () => {
  it('round-trips varint and bytes fields', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 20 }), fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.uint8Array({ maxLength: 300 }), (field, number, bytes) => {
        const message = Buffer.concat([encodeVarintField(field, number), encodeBytesField(field + 1, Buffer.from(bytes))]);
        const [a, b] = decodeFields(message);
        expect(a).toEqual({ field, wireType: 0, value: number });
        expect(b?.field).toBe(field + 1);
        expect(Buffer.from(b!.value as Buffer)).toEqual(Buffer.from(bytes));
      }),
    );
  });

  it('decodes GetSecretRequest and skips the annotations map', () => {
    const entry = Buffer.concat([encodeBytesField(1, 'key'), encodeBytesField(2, 'value')]);
    const message = Buffer.concat([encodeBytesField(2, entry), encodeBytesField(1, 'npm_token'), encodeBytesField(2, entry)]);
    expect(decodeGetSecretRequest(message)).toEqual({ id: 'npm_token' });
    expect(decodeFields(encodeGetSecretResponse(Buffer.from('v')))).toMatchObject([{ field: 1, wireType: 2 }]);
    expect(decodeFields(encodeHealthCheckResponse())).toEqual([{ field: 1, wireType: 0, value: 1 }]);
  });

  it('frames and unframes gRPC messages, refusing broken frames', () => {
    const frames = Buffer.concat([grpcFrame(Buffer.from('one')), grpcFrame(Buffer.alloc(0)), grpcFrame(Buffer.from('three'))]);
    expect(grpcMessages(frames).map(String)).toEqual(['one', '', 'three']);
    expect(() => grpcMessages(frames.subarray(0, frames.length - 1))).toThrow(ProtobufError);
    expect(() => grpcMessages(Buffer.from([1, 0, 0, 0, 0]))).toThrow(/compressed/);
    expect(() => decodeFields(Buffer.from([0x0a, 0x05, 0x61]))).toThrow(/runs past the end/);
  });

  it('decodes BuildKit progress captured from the engine into readable lines', () => {
    const vertex = decodeStatusResponse(Buffer.from(TRACE_VERTEX, 'base64'));
    expect(vertex.vertexes).toHaveLength(1);
    expect(vertex.vertexes[0]).toMatchObject({ name: '[internal] load remote build context', cached: false, error: '' });
    expect(vertex.vertexes[0]!.completed! - vertex.vertexes[0]!.started!).toBeGreaterThanOrEqual(0);
    const log = decodeStatusResponse(Buffer.from(TRACE_LOG, 'base64'));
    expect(log.logs).toEqual([{ vertex: expect.stringMatching(/^sha256:/) as unknown as string, stream: 1, data: Buffer.from('hello from run\n') }]);

    const lines: string[] = [];
    const progress = new BuildKitProgress({ info: (l) => lines.push(l), warning: (l) => lines.push(`WARN ${l}`) });
    progress.apply(vertex);
    progress.apply(log);
    expect(lines).toEqual(['#1 [internal] load remote build context', expect.stringMatching(/^#1 DONE \d+\.\ds$/) as unknown as string, '#2 hello from run']);
  });
});

describe('builder choice', () => {
  const info = (over: Partial<EngineInfo>): EngineInfo => ({ apiVersion: '1.41', osType: 'linux', builderVersion: undefined, address: 'unix:///x', ...over });
  it.each<[string, Partial<EngineInfo>, boolean, string]>([
    ['Builder-Version 2', { builderVersion: '2' }, false, 'buildkit'],
    ['Builder-Version 1 without secrets', { builderVersion: '1' }, false, 'classic'],
    ['Builder-Version 1 with secrets', { builderVersion: '1' }, true, 'buildkit'],
    ['no header, API 1.41 on Linux (Docker 20.10)', {}, false, 'buildkit'],
    ['no header, API 1.38', { apiVersion: '1.38' }, false, 'classic'],
    ['Windows engine', { osType: 'windows' }, false, 'classic'],
  ])('%s → %s', (_name, over, secrets, expected) => {
    expect(chooseBuilder(info(over), secrets)).toBe(expected);
  });

  it('fails closed when secrets need BuildKit the engine lacks', () => {
    expect(() => chooseBuilder(info({ apiVersion: '1.38' }), true)).toThrow(GateError);
  });
});

describe('BuildKit session over a long build', () => {
  let env: TestEnv;
  let engine: DockerEngine;
  const built: string[] = [];
  beforeAll(async () => {
    env = loadTestEnv();
    engine = await engineFor(env);
  });
  afterAll(async () => {
    for (const id of built) await removeImage(engine.docker, id);
  });

  it('answers the engine\'s health checks, so a secret is still served after 12 s', async () => {
    const value = `late-secret-${randomBytes(8).toString('hex')}`;
    const ctx = busyboxContext(env, {
      Dockerfile: [
        'FROM scratch',
        'COPY busybox /bin/busybox',
        // The engine checks the session every 5 s and drops it after two failures.
        'RUN ["/bin/busybox", "sleep", "12"]',
        'RUN --mount=type=secret,id=late,required=true ["/bin/busybox", "sh", "-c", "/bin/busybox sha256sum /run/secrets/late | /bin/busybox cut -d\' \' -f1 > /late.sha256"]',
        '',
      ].join('\n'),
    });
    try {
      const result = await createDockerImageBuilder(engine).buildImage(
        { context: ctx.dir, dockerfile: 'Dockerfile', buildArgs: {}, buildSecrets: [{ id: 'late', value }], target: undefined, labels: {}, noCache: true, network: 'none' },
        recordingLog(),
      );
      built.push(result.imageId);
      const files = await imageFiles(engine.docker, result.imageId);
      expect(files.get('late.sha256')?.toString().trim()).toBe(createHash('sha256').update(value).digest('hex'));
    } finally {
      ctx.cleanup();
    }
  }, 60_000);
});
