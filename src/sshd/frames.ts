/**
 * The sshd bridge's wire format. The forced command sends one JSON header
 * line, then both sides exchange binary frames: type (1 byte), length (4 bytes,
 * big-endian), payload. Git's pack streams pass through as they are.
 */
export const FRAME = {
  /** client → daemon: bytes of the session's stdin */
  stdin: 0,
  /** client → daemon: stdin ended */
  eof: 1,
  /** daemon → client */
  stdout: 2,
  stderr: 3,
  /** daemon → client: the exit status, 4 bytes; the last frame */
  exit: 4,
  /** client → daemon: the terminal's new size, rows and columns (2 bytes each) */
  resize: 5,
} as const;

export type FrameType = (typeof FRAME)[keyof typeof FRAME];

export interface BridgeHeader {
  op: 'session' | 'keys';
  /** session: the key's fingerprint, from the forced command in authorized_keys */
  key?: string;
  /** session: SSH_ORIGINAL_COMMAND; empty for a login without a command */
  command?: string;
  /** session: the terminal sshd gave the forced command (`ssh -t`), if any */
  pty?: { rows: number; cols: number; term: string };
}

/** Headers larger than this are refused (a command line, not a payload). */
export const MAX_HEADER = 64 * 1024;
const MAX_FRAME = 16 * 1024 * 1024;

export function encodeFrame(type: FrameType, payload: Buffer = Buffer.alloc(0)): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt8(type, 0);
  head.writeUInt32BE(payload.length, 1);
  return Buffer.concat([head, payload]);
}

export function exitFrame(code: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(code >>> 0, 0);
  return encodeFrame(FRAME.exit, payload);
}

export function resizeFrame(size: { rows: number; cols: number }): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt16BE(Math.min(size.rows, 0xffff), 0);
  payload.writeUInt16BE(Math.min(size.cols, 0xffff), 2);
  return encodeFrame(FRAME.resize, payload);
}

/** A resize frame's payload; undefined when it is not 4 bytes. */
export function readSize(payload: Buffer): { rows: number; cols: number } | undefined {
  return payload.length === 4 ? { rows: payload.readUInt16BE(0), cols: payload.readUInt16BE(2) } : undefined;
}

/** Splits a byte stream into frames, however it is chunked. */
export function frameReader(onFrame: (type: number, payload: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    while (pending.length >= 5) {
      const length = pending.readUInt32BE(1);
      if (length > MAX_FRAME) throw new Error(`bridge frame of ${length} bytes is too large`);
      if (pending.length < 5 + length) break;
      const type = pending.readUInt8(0);
      const payload = pending.subarray(5, 5 + length);
      pending = pending.subarray(5 + length);
      onFrame(type, payload);
    }
  };
}

/**
 * Splits off the header line from the first bytes of a connection; returns
 * undefined until the newline has arrived.
 */
export function splitHeader(buffered: Buffer): { header: BridgeHeader; rest: Buffer } | undefined {
  const nl = buffered.indexOf(0x0a);
  if (nl < 0) {
    if (buffered.length > MAX_HEADER) throw new Error('bridge header too long');
    return undefined;
  }
  const header = JSON.parse(buffered.subarray(0, nl).toString('utf8')) as BridgeHeader;
  if (header.op !== 'session' && header.op !== 'keys') throw new Error(`unknown bridge op ${String(header.op)}`);
  return { header, rest: buffered.subarray(nl + 1) };
}
