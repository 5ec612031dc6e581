import { BuildKitProgress, decodeStatusResponse, type ProgressSink } from './buildkit-trace.js';
import { messageError, type JsonMessage } from './json-messages.js';

const STEP_TAIL_LINES = 60;
// The classic builder colours a step's stderr; details end up in issues and summaries.
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001b\[[0-9;]*[A-Za-z]/g;
const IMAGE_ID = /^sha256:[a-f0-9]{64}$/;

function auxImageId(aux: unknown): string | undefined {
  const id = (aux as { ID?: unknown } | null | undefined)?.ID;
  return typeof id === 'string' && IMAGE_ID.test(id) ? id : undefined;
}

/**
 * Reads the /build message stream of either builder: prints it, and keeps what the
 * pipeline needs afterwards — the image ID and, on failure, the failing step's output.
 *  - classic builder: `{"stream":"Step 2/3 : RUN …"}` text, `{"aux":{"ID":"sha256:…"}}`;
 *  - BuildKit: `moby.buildkit.trace` progress and `{"id":"moby.image.id","aux":{"ID":…}}`.
 */
export class BuildOutput {
  imageId: string | undefined;
  readonly errors: string[] = [];
  private readonly buildkit: BuildKitProgress;
  private partial = '';
  private step: string[] = [];
  private undecodable = 0;

  constructor(private readonly sink: ProgressSink) {
    this.buildkit = new BuildKitProgress(sink);
  }

  handle(message: JsonMessage): void {
    if (message.id === 'moby.buildkit.trace') {
      if (typeof message.aux === 'string') {
        try {
          this.buildkit.apply(decodeStatusResponse(Buffer.from(message.aux, 'base64')));
        } catch {
          // Progress is informational; the build result does not depend on it.
          if (this.undecodable++ === 0) this.sink.warning('some BuildKit progress messages could not be decoded');
        }
      }
      return;
    }
    const id = auxImageId(message.aux);
    if (id !== undefined) this.imageId = id;
    if (typeof message.stream === 'string') this.text(message.stream);
    if (typeof message.status === 'string' && message.status !== '' && message.progress === undefined) {
      this.sink.info(message.id ? `${message.id}: ${message.status}` : message.status);
    }
    const error = messageError(message);
    if (error !== undefined) {
      this.errors.push(error);
      // BuildKit already printed the failing step's error under its number.
      if (!this.buildkit.failureDetails().some((line) => line.endsWith(`ERROR: ${error}`))) this.sink.info(`ERROR: ${error}`);
    }
  }

  private text(chunk: string): void {
    const lines = (this.partial + chunk).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.classicLine(line);
  }

  private classicLine(line: string): void {
    if (/^Step \d+\/\d+ : /.test(line)) this.step = [];
    this.step.push(line);
    if (this.step.length > STEP_TAIL_LINES) this.step.splice(1, 1);
    this.sink.info(line);
  }

  finish(): void {
    if (this.partial !== '') {
      const rest = this.partial;
      this.partial = '';
      this.classicLine(rest);
    }
    this.buildkit.finish();
  }

  /** The failing step's output (BuildKit vertex or classic `Step` block) and the engine's error. */
  failureDetails(): string[] {
    const buildkit = this.buildkit.failureDetails();
    const step = buildkit.length > 0 ? buildkit : this.step;
    const errors = this.errors.filter((e) => !step.some((line) => line.includes(e)));
    return [...step, ...errors.map((e) => `ERROR: ${e}`)].map((line) => line.replace(ANSI_ESCAPE, ''));
  }
}
