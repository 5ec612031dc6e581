import { StringDecoder } from 'node:string_decoder';

/** One message of the Engine API's progress stream (build, push), as jsonmessage.JSONMessage. */
export interface JsonMessage {
  stream?: string;
  status?: string;
  progress?: string;
  id?: string;
  aux?: unknown;
  error?: string;
  errorDetail?: { code?: number; message?: string };
}

/**
 * Splits the engine's newline-delimited JSON stream into messages. Objects may arrive split
 * across chunks; a line that is not JSON is passed on as plain output rather than dropped.
 */
export async function* jsonMessages(source: AsyncIterable<Buffer | string>): AsyncGenerator<JsonMessage> {
  // A chunk may end inside a multi-byte character.
  const decoder = new StringDecoder('utf8');
  let buffered = '';
  const parse = (line: string): JsonMessage | undefined => {
    const trimmed = line.trim();
    if (trimmed === '') return undefined;
    try {
      const value: unknown = JSON.parse(trimmed);
      return typeof value === 'object' && value !== null ? (value as JsonMessage) : { stream: `${trimmed}\n` };
    } catch {
      return { stream: `${trimmed}\n` };
    }
  };
  for await (const chunk of source) {
    buffered += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const message = parse(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      if (message) yield message;
      newline = buffered.indexOf('\n');
    }
  }
  const last = parse(buffered + decoder.end());
  if (last) yield last;
}

/** The error text of a message, if it reports one. */
export function messageError(message: JsonMessage): string | undefined {
  const text = message.errorDetail?.message ?? message.error;
  return text === undefined || text === '' ? undefined : text;
}
