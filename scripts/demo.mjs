// `npm run demo`: run the bundled action (dist/index.js) on fixtures/example-app the way a
// push to main would, against the local test environment (engine, registry, Trivy, fixture DB).
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const envFile = process.env.CSG_TEST_ENV ?? join(homedir(), '.cache/container-security-gate/test-env.json');
const testEnv = JSON.parse(readFileSync(envFile, 'utf8'));

const work = mkdtempSync(join(tmpdir(), 'csg-demo-'));
const context = join(work, 'example-app');
cpSync(join(root, 'fixtures/example-app'), context, { recursive: true });
copyFileSync(testEnv.busybox, join(context, 'busybox'));
const feeds = join(work, 'exploit-data');
mkdirSync(feeds);
for (const name of ['kev.json', 'epss.csv']) copyFileSync(join(root, 'test/fixtures/exploit-data', name), join(feeds, name));
const runnerTemp = join(work, 'runner-temp');
mkdirSync(runnerTemp);
const outputFile = join(work, 'outputs');
const summaryFile = join(work, 'summary.md');
const eventFile = join(work, 'event.json');
writeFileSync(outputFile, '');
writeFileSync(summaryFile, '');
writeFileSync(eventFile, JSON.stringify({ ref: 'refs/heads/main', repository: { default_branch: 'main' } }));

const inputs = {
  image: `${testEnv.registry}/Acme/Example-App`,
  context,
  push: 'true',
  'registry-username': testEnv.registryUser,
  'registry-password': testEnv.registryPassword,
  'trivy-path': testEnv.trivyPath,
  'trivy-cache-dir': testEnv.trivyCacheDir,
  'skip-db-update': 'true',
  network: 'none',
  'github-token': '',
  // The demo is offline: the exploit feeds come from local files, as on an air-gapped runner.
  // They sit in the workspace: the gate reads no input file from anywhere else.
  'kev-file': join(feeds, 'kev.json'),
  'epss-file': join(feeds, 'epss.csv'),
};
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'Acme/Example-App',
  GITHUB_ACTOR: 'demo',
  GITHUB_SHA: spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim() || '0'.repeat(40),
  GITHUB_REF: 'refs/heads/main',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_EVENT_PATH: eventFile,
  GITHUB_WORKSPACE: work,
  GITHUB_OUTPUT: outputFile,
  GITHUB_STEP_SUMMARY: summaryFile,
  RUNNER_TEMP: runnerTemp,
  RUNNER_TOOL_CACHE: join(work, 'tool-cache'),
  DOCKER_HOST: testEnv.dockerHost,
};
for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;

console.log(`demo: gating ${inputs.image} from ${context}\n`);

// The demo plays the runner, so it does what the runner does with `::add-mask::<value>`: the
// command itself is never shown, and the value becomes *** in everything printed after it.
const masks = [];
const mask = (text) => masks.reduce((out, secret) => out.split(secret).join('***'), text);
function relay(stream, out) {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const command = /^::add-mask::(.*)$/.exec(line.replace(/\r$/, ''));
      if (command) {
        if (command[1] !== '' && !masks.includes(command[1])) masks.push(command[1]);
        continue;
      }
      out.write(`${mask(line)}\n`);
    }
  });
  stream.on('end', () => pending !== '' && out.write(mask(pending)));
}
const child = spawn(process.execPath, [join(root, 'dist/index.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
relay(child.stdout, process.stdout);
relay(child.stderr, process.stderr);
const status = await new Promise((done) => child.on('close', (code) => done(code ?? 1)));
console.log('\n--- job summary (GITHUB_STEP_SUMMARY) ---\n');
console.log(mask(readFileSync(summaryFile, 'utf8')));
console.log('--- outputs (GITHUB_OUTPUT) ---\n');
console.log(mask(readFileSync(outputFile, 'utf8').replace(/^ghadelimiter_.*$/gm, '').replace(/\n{2,}/g, '\n')));
process.exit(status);
