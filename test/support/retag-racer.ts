// A hostile neighbour on a shared Docker engine: a child process that re-points `target` in a
// tight loop (POST /images/{id}/tag, what `docker tag` does), cycling through `images`. Given
// [unscanned, scanned], a check of the tag sometimes sees the scanned image and the act that
// follows reads the unscanned one: check-then-push on a tag cannot be made safe.
import { spawn, type ChildProcess } from 'node:child_process';

const RACER = `
const http = require('node:http');
const [socketPath, repo, tag, ...images] = process.argv.slice(1);
let n = 0;
const once = () => {
  const image = images[n++ % images.length];
  const path = '/images/' + encodeURIComponent(image) + '/tag?repo=' + encodeURIComponent(repo) + '&tag=' + encodeURIComponent(tag);
  const req = http.request({ socketPath, method: 'POST', path, headers: { Host: 'docker' } }, (res) => {
    res.resume();
    res.on('end', () => {
      if (res.statusCode === 201) process.stdout.write('.');
      setImmediate(once);
    });
  });
  req.on('error', () => setTimeout(once, 5));
  req.end();
};
once();
`;

export interface Racer {
  /** Successful retags so far. */
  retags(): number;
  stop(): Promise<void>;
}

/** Starts re-pointing `reference` (`name:tag`) at each of `imageIds` in turn, on the engine at `dockerHost` (unix://). */
export function startRetagRacer(dockerHost: string, reference: string, imageIds: readonly string[]): Racer {
  const colon = reference.lastIndexOf(':');
  const child: ChildProcess = spawn(process.execPath, ['-e', RACER, dockerHost.replace(/^unix:\/\//, ''), reference.slice(0, colon), reference.slice(colon + 1), ...imageIds], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let count = 0;
  child.stdout!.on('data', (chunk: Buffer) => (count += chunk.length));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    retags: () => count,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
