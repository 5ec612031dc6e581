import { Readable } from 'node:stream';

/*
 * The readable end of an archive that is written while it is read. Small pieces (headers,
 * small files, padding) are gathered into chunks of `batchBytes`: every chunk becomes one
 * write on the engine's socket and one read on its side, so a few large chunks cost far less
 * than one chunk per tar block. The writer runs ahead of the reader by up to `bufferBytes`
 * and then waits; memory stays bounded whatever the size of the archive.
 */

/** The reader went away (the request failed or was abandoned) before the archive was complete. */
export class ArchiveStreamClosed extends Error {
  constructor() {
    super('the archive stream was closed before the archive was complete');
    this.name = 'ArchiveStreamClosed';
  }
}

export interface ArchiveOutputOptions {
  batchBytes: number;
  bufferBytes: number;
}

export class ArchiveOutput {
  readonly stream: Readable;
  private readonly batchBytes: number;
  private batch: Buffer[] = [];
  private batched = 0;
  private full = false;
  private wake: (() => void) | undefined;

  constructor(options: ArchiveOutputOptions) {
    this.batchBytes = options.batchBytes;
    this.stream = new Readable({
      highWaterMark: options.bufferBytes,
      read: () => this.resume(),
      destroy: (error, callback) => {
        this.resume();
        callback(error);
      },
    });
  }

  /** Appends bytes to the current chunk; the chunk goes out once it is large enough. */
  write(piece: Buffer): void {
    if (piece.length === 0) return;
    this.batch.push(piece);
    this.batched += piece.length;
    if (this.batched >= this.batchBytes) this.flush();
  }

  /** Sends a large piece as a chunk of its own (after whatever was gathered before it). */
  writeChunk(chunk: Buffer): void {
    this.flush();
    this.push(chunk);
  }

  /** Whether the reader is a full buffer behind: call `room()` before writing much more. */
  get mustWait(): boolean {
    return this.full;
  }

  /** Resolves once the reader wants more; rejects if the stream was closed meanwhile. */
  async room(): Promise<void> {
    while (this.full && !this.stream.destroyed) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    if (this.stream.destroyed) throw new ArchiveStreamClosed();
  }

  /** Sends what is gathered and ends the stream. */
  end(): void {
    this.flush();
    this.stream.push(null);
  }

  private flush(): void {
    if (this.batched === 0) return;
    const chunk = this.batch.length === 1 ? this.batch[0]! : Buffer.concat(this.batch, this.batched);
    this.batch = [];
    this.batched = 0;
    this.push(chunk);
  }

  private push(chunk: Buffer): void {
    if (this.stream.destroyed) throw new ArchiveStreamClosed();
    if (!this.stream.push(chunk)) this.full = true;
  }

  private resume(): void {
    this.full = false;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
