// The embedded store's on-disk frame format. A log file is an 8-byte magic followed by frames:
//
//   u32 LE bodyLength | u32 LE crc32(body) | body
//   body = u8 type | u32 LE jsonLength | JSON (utf-8) | raw little-endian FLOAT32 vector bytes
//
// The length prefix lets a reader step from frame to frame; the checksum tells a torn or corrupt
// frame from a whole one, so a crash mid-write can only ever lose the frame being written.
// Vectors stay raw bytes: 768 floats as JSON text would be ~4x larger and slow to parse.
import { crc32 } from 'node:zlib';
import { endianness } from 'node:os';

export const LOG_MAGIC = Buffer.from('KEELMEM1', 'latin1');
export const FRAME_HEADER_BYTES = 8;
/** Type byte + JSON length. */
const BODY_PREFIX_BYTES = 5;
/** No legitimate frame comes near this; a larger length means the header itself is damaged. */
export const MAX_FRAME_BODY_BYTES = 8 * 1024 * 1024;

export const FrameType = {
  putIntervention: 1,
  putInsight: 2,
  setMeta: 3,
  clearMeta: 4,
  forgetUser: 5,
} as const;
export type FrameTypeCode = (typeof FrameType)[keyof typeof FrameType];
const KNOWN_TYPES = new Set<number>(Object.values(FrameType));

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

export interface DecodedFrame {
  type: number;
  /** Parsed JSON part (not yet validated: the record codec does that). */
  json: unknown;
  /** The raw vector bytes (a view into the read buffer; copy before keeping). */
  vectorBytes: Uint8Array;
}

/** Encodes one frame, header included. */
export function encodeFrame(type: FrameTypeCode, json: unknown, vector?: Float32Array): Buffer {
  const jsonBytes = Buffer.from(JSON.stringify(json), 'utf8');
  const vectorByteLength = vector ? vector.length * 4 : 0;
  const bodyLength = BODY_PREFIX_BYTES + jsonBytes.length + vectorByteLength;
  if (bodyLength > MAX_FRAME_BODY_BYTES)
    throw new Error(`frame of ${bodyLength} bytes is over the limit`);
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + bodyLength);
  frame.writeUInt32LE(bodyLength, 0);
  frame.writeUInt8(type, 8);
  frame.writeUInt32LE(jsonBytes.length, 9);
  jsonBytes.copy(frame, 13);
  if (vector) writeFloat32LE(vector, frame, 13 + jsonBytes.length);
  frame.writeUInt32LE(crc32(frame.subarray(FRAME_HEADER_BYTES)), 4);
  return frame;
}

/** Body length announced by a frame header, or null when it cannot be a real frame. */
export function plausibleBodyLength(header: Uint8Array): number | null {
  const length = new DataView(header.buffer, header.byteOffset, 4).getUint32(0, true);
  return length >= BODY_PREFIX_BYTES && length <= MAX_FRAME_BODY_BYTES ? length : null;
}

export type FrameCheck =
  | { ok: true; frame: DecodedFrame }
  /** The bytes are not a whole frame: torn write or damage. The reader resynchronises. */
  | { ok: false; framing: true; reason: string }
  /** Checksum and framing are fine but the JSON is not: skip just this frame. */
  | { ok: false; framing: false; reason: string };

/** Checks and decodes a whole frame (header + body) from `bytes`. */
export function decodeFrame(bytes: Buffer): FrameCheck {
  const bodyLength = plausibleBodyLength(bytes);
  if (bodyLength === null || bytes.length !== FRAME_HEADER_BYTES + bodyLength) {
    return { ok: false, framing: true, reason: 'implausible frame length' };
  }
  const body = bytes.subarray(FRAME_HEADER_BYTES);
  if (crc32(body) !== bytes.readUInt32LE(4))
    return { ok: false, framing: true, reason: 'checksum mismatch' };
  const type = body.readUInt8(0);
  const jsonLength = body.readUInt32LE(1);
  if (!KNOWN_TYPES.has(type) || BODY_PREFIX_BYTES + jsonLength > bodyLength) {
    return { ok: false, framing: false, reason: `unknown frame type ${type} or bad JSON length` };
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8', BODY_PREFIX_BYTES, BODY_PREFIX_BYTES + jsonLength));
  } catch {
    return { ok: false, framing: false, reason: 'frame JSON does not parse' };
  }
  return {
    ok: true,
    frame: { type, json, vectorBytes: body.subarray(BODY_PREFIX_BYTES + jsonLength) },
  };
}

function writeFloat32LE(vector: Float32Array, target: Buffer, offset: number): void {
  if (LITTLE_ENDIAN_HOST) {
    target.set(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength), offset);
  } else {
    for (let i = 0; i < vector.length; i++) target.writeFloatLE(vector[i]!, offset + i * 4);
  }
}

/**
 * Copies little-endian FLOAT32 bytes (possibly unaligned) into `target` starting at float index
 * `at`. On little-endian hosts this is one memcpy, which keeps replaying 100k vectors fast.
 */
export function copyFloat32LE(bytes: Uint8Array, target: Float32Array, at: number): void {
  if (LITTLE_ENDIAN_HOST) {
    new Uint8Array(target.buffer, target.byteOffset + at * 4, bytes.byteLength).set(bytes);
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < bytes.byteLength / 4; i++) target[at + i] = view.getFloat32(i * 4, true);
}
