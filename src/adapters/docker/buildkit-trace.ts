import { decodeFields, type ProtoField } from './protobuf-wire.js';

/*
 * With BuildKit, /build streams progress as `{"id":"moby.buildkit.trace","aux":"<base64>"}`,
 * each a moby.buildkit.v1.StatusResponse (api/services/control/control.proto):
 *   StatusResponse { repeated Vertex vertexes = 1; repeated VertexStatus statuses = 2;
 *                    repeated VertexLog logs = 3; repeated VertexWarning warnings = 4; }
 *   Vertex  { string digest = 1; repeated string inputs = 2; string name = 3; bool cached = 4;
 *             Timestamp started = 5; Timestamp completed = 6; string error = 7; }
 *   VertexStatus { string ID = 1; string vertex = 2; string name = 3; int64 current = 4;
 *                  int64 total = 5; Timestamp timestamp = 6; started = 7; completed = 8; }
 *   VertexLog { string vertex = 1; Timestamp timestamp = 2; int64 stream = 3; bytes msg = 4; }
 *   VertexWarning { string vertex = 1; int64 level = 2; bytes short = 3; repeated bytes detail = 4; string url = 5; }
 * A vertex is re-sent whenever it changes, so the printer below keeps state per digest.
 */

export interface TraceVertex {
  digest: string;
  name: string;
  cached: boolean;
  /** Seconds since the epoch. */
  started: number | undefined;
  completed: number | undefined;
  error: string;
}

export interface TraceStatus {
  id: string;
  vertex: string;
  name: string;
  current: number;
  total: number;
  completed: number | undefined;
}

export interface TraceLog {
  vertex: string;
  /** 1 = stdout, 2 = stderr. */
  stream: number;
  data: Buffer;
}

export interface TraceWarning {
  vertex: string;
  short: string;
  detail: string[];
  url: string;
}

export interface StatusUpdate {
  vertexes: TraceVertex[];
  statuses: TraceStatus[];
  logs: TraceLog[];
  warnings: TraceWarning[];
}

const text = (f: ProtoField): string => (f.wireType === 2 ? f.value.toString('utf8') : '');
const num = (f: ProtoField): number => (f.wireType === 0 ? f.value : 0);

function decodeTimestamp(message: Buffer): number {
  let seconds = 0;
  let nanos = 0;
  for (const f of decodeFields(message)) {
    if (f.field === 1) seconds = num(f);
    if (f.field === 2) nanos = num(f);
  }
  return seconds + nanos / 1e9;
}

const timestamp = (f: ProtoField): number | undefined => (f.wireType === 2 ? decodeTimestamp(f.value) : undefined);

function decodeVertex(message: Buffer): TraceVertex {
  const vertex: TraceVertex = { digest: '', name: '', cached: false, started: undefined, completed: undefined, error: '' };
  for (const f of decodeFields(message)) {
    if (f.field === 1) vertex.digest = text(f);
    else if (f.field === 3) vertex.name = text(f);
    else if (f.field === 4) vertex.cached = num(f) !== 0;
    else if (f.field === 5) vertex.started = timestamp(f);
    else if (f.field === 6) vertex.completed = timestamp(f);
    else if (f.field === 7) vertex.error = text(f);
  }
  return vertex;
}

function decodeStatus(message: Buffer): TraceStatus {
  const status: TraceStatus = { id: '', vertex: '', name: '', current: 0, total: 0, completed: undefined };
  for (const f of decodeFields(message)) {
    if (f.field === 1) status.id = text(f);
    else if (f.field === 2) status.vertex = text(f);
    else if (f.field === 3) status.name = text(f);
    else if (f.field === 4) status.current = num(f);
    else if (f.field === 5) status.total = num(f);
    else if (f.field === 8) status.completed = timestamp(f);
  }
  return status;
}

function decodeLog(message: Buffer): TraceLog {
  const log: TraceLog = { vertex: '', stream: 0, data: Buffer.alloc(0) };
  for (const f of decodeFields(message)) {
    if (f.field === 1) log.vertex = text(f);
    else if (f.field === 3) log.stream = num(f);
    else if (f.field === 4 && f.wireType === 2) log.data = f.value;
  }
  return log;
}

function decodeWarning(message: Buffer): TraceWarning {
  const warning: TraceWarning = { vertex: '', short: '', detail: [], url: '' };
  for (const f of decodeFields(message)) {
    if (f.field === 1) warning.vertex = text(f);
    else if (f.field === 3) warning.short = text(f);
    else if (f.field === 4) warning.detail.push(text(f));
    else if (f.field === 5) warning.url = text(f);
  }
  return warning;
}

export function decodeStatusResponse(message: Buffer): StatusUpdate {
  const update: StatusUpdate = { vertexes: [], statuses: [], logs: [], warnings: [] };
  for (const f of decodeFields(message)) {
    if (f.wireType !== 2) continue;
    if (f.field === 1) update.vertexes.push(decodeVertex(f.value));
    else if (f.field === 2) update.statuses.push(decodeStatus(f.value));
    else if (f.field === 3) update.logs.push(decodeLog(f.value));
    else if (f.field === 4) update.warnings.push(decodeWarning(f.value));
  }
  return update;
}

export interface ProgressSink {
  info(line: string): void;
  warning(line: string): void;
}

interface VertexState {
  number: number;
  name: string;
  announced: boolean;
  finished: boolean;
  error: string;
  partial: string;
  /** Last lines of output, kept for the failure report. */
  tail: string[];
}

const TAIL_LINES = 60;

/**
 * Prints BuildKit progress the way `docker build --progress=plain` does (`#3 [2/4] RUN …`,
 * its output, `#3 DONE 0.4s`), and remembers the failing step's output.
 */
export class BuildKitProgress {
  private readonly vertices = new Map<string, VertexState>();
  private next = 1;

  constructor(private readonly sink: ProgressSink) {}

  private state(digest: string, name: string): VertexState {
    let state = this.vertices.get(digest);
    if (!state) {
      state = { number: this.next++, name, announced: false, finished: false, error: '', partial: '', tail: [] };
      this.vertices.set(digest, state);
    }
    if (name) state.name = name;
    return state;
  }

  private announce(state: VertexState): void {
    // Logs may name a vertex before its description arrives; announce it once it has a name.
    if (state.announced || state.name === '') return;
    state.announced = true;
    this.sink.info(`#${state.number} ${state.name}`);
  }

  private line(state: VertexState, line: string): void {
    state.tail.push(line);
    if (state.tail.length > TAIL_LINES) state.tail.shift();
    this.sink.info(`#${state.number} ${line}`);
  }

  apply(update: StatusUpdate): void {
    for (const vertex of update.vertexes) {
      const state = this.state(vertex.digest, vertex.name);
      if (vertex.started !== undefined || vertex.cached || vertex.error) this.announce(state);
      if (state.finished) continue;
      if (vertex.error) {
        this.flush(state);
        state.error = vertex.error;
        state.finished = true;
        this.sink.info(`#${state.number} ERROR: ${vertex.error}`);
      } else if (vertex.cached) {
        state.finished = true;
        this.sink.info(`#${state.number} CACHED`);
      } else if (vertex.completed !== undefined) {
        this.flush(state);
        state.finished = true;
        const seconds = vertex.started === undefined ? 0 : Math.max(0, vertex.completed - vertex.started);
        this.sink.info(`#${state.number} DONE ${seconds.toFixed(1)}s`);
      }
    }
    for (const log of update.logs) {
      const state = this.state(log.vertex, '');
      this.announce(state);
      const lines = (state.partial + log.data.toString('utf8')).split(/\r?\n/);
      state.partial = lines.pop() ?? '';
      for (const line of lines) this.line(state, line);
    }
    for (const warning of update.warnings) {
      const where = this.vertices.get(warning.vertex);
      this.sink.warning(`${where ? `#${where.number} ` : ''}${warning.short}${warning.detail.length > 0 ? `: ${warning.detail.join(' ')}` : ''}`);
    }
  }

  private flush(state: VertexState): void {
    if (state.partial !== '') {
      const rest = state.partial;
      state.partial = '';
      this.line(state, rest);
    }
  }

  finish(): void {
    for (const state of this.vertices.values()) this.flush(state);
  }

  /** The failed steps with their last output lines, for GateError details. */
  failureDetails(): string[] {
    const details: string[] = [];
    for (const state of this.vertices.values()) {
      if (!state.error) continue;
      details.push(`#${state.number} ${state.name}`, ...state.tail.map((l) => `#${state.number} ${l}`), `#${state.number} ERROR: ${state.error}`);
    }
    return details;
  }
}
