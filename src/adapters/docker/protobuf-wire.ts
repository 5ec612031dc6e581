/*
 * Just enough of the protobuf wire format for the handful of tiny messages BuildKit
 * exchanges with us (secrets, health, progress). A full protobuf runtime would be a large
 * dependency for five message types.
 */

export type ProtoField =
  | { field: number; wireType: 0; value: number }
  | { field: number; wireType: 1 | 5; value: Buffer }
  | { field: number; wireType: 2; value: Buffer };

export class ProtobufError extends Error {
  constructor(message: string) {
    super(`malformed protobuf message: ${message}`);
    this.name = 'ProtobufError';
  }
}

function readVarint(buffer: Buffer, offset: number): { value: number; next: number } {
  let value = 0;
  let factor = 1;
  for (let i = 0; i < 10; i++) {
    const byte = buffer[offset + i];
    if (byte === undefined) throw new ProtobufError('truncated varint');
    // Multiplication instead of shifts: values above 2^31 (sizes, timestamps) stay exact up to 2^53.
    value += (byte & 0x7f) * factor;
    factor *= 128;
    if ((byte & 0x80) === 0) return { value, next: offset + i + 1 };
  }
  throw new ProtobufError('varint longer than 10 bytes');
}

/** Splits a message into its fields, in wire order; unknown fields are simply returned too. */
export function decodeFields(buffer: Buffer): ProtoField[] {
  const fields: ProtoField[] = [];
  let offset = 0;
  while (offset < buffer.length) {
    const key = readVarint(buffer, offset);
    offset = key.next;
    const field = Math.floor(key.value / 8);
    const wireType = key.value % 8;
    if (field === 0) throw new ProtobufError('field number 0');
    switch (wireType) {
      case 0: {
        const v = readVarint(buffer, offset);
        offset = v.next;
        fields.push({ field, wireType, value: v.value });
        break;
      }
      case 1:
      case 5: {
        const size = wireType === 1 ? 8 : 4;
        if (offset + size > buffer.length) throw new ProtobufError('truncated fixed-width field');
        fields.push({ field, wireType, value: buffer.subarray(offset, offset + size) });
        offset += size;
        break;
      }
      case 2: {
        const length = readVarint(buffer, offset);
        offset = length.next;
        if (offset + length.value > buffer.length) throw new ProtobufError(`field ${field} runs past the end`);
        fields.push({ field, wireType, value: buffer.subarray(offset, offset + length.value) });
        offset += length.value;
        break;
      }
      default:
        throw new ProtobufError(`unsupported wire type ${wireType} (field ${field})`);
    }
  }
  return fields;
}

function encodeVarint(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`cannot encode ${value} as a varint`);
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 128) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

export function encodeVarintField(field: number, value: number): Buffer {
  return Buffer.concat([encodeVarint(field * 8), encodeVarint(value)]);
}

export function encodeBytesField(field: number, value: Buffer | string): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  return Buffer.concat([encodeVarint(field * 8 + 2), encodeVarint(bytes.length), bytes]);
}

/** gRPC length-prefixed message: 1 byte compressed flag (0), 4 bytes big-endian length. */
export function grpcFrame(message: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

/** The messages in a gRPC request body; compressed messages are refused (we never offer compression). */
export function grpcMessages(body: Buffer): Buffer[] {
  const messages: Buffer[] = [];
  let offset = 0;
  while (offset < body.length) {
    if (offset + 5 > body.length) throw new ProtobufError('truncated gRPC frame header');
    if (body[offset] !== 0) throw new ProtobufError('compressed gRPC message');
    const length = body.readUInt32BE(offset + 1);
    if (offset + 5 + length > body.length) throw new ProtobufError('truncated gRPC message');
    messages.push(body.subarray(offset + 5, offset + 5 + length));
    offset += 5 + length;
  }
  return messages;
}
