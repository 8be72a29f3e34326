/**
 * Joins tar streams without re-serialising them: it reads only the 512-byte
 * headers (to find where each entry's data ends) and passes every other byte
 * through as the slice of the chunk it arrived in. It drops each stream's
 * end-of-archive blocks, so streams can follow one another, and pax global
 * headers (git's commit-id comment), which say nothing about the files.
 */
const BLOCK = 512;
/** A pax extended header longer than this is not git's: refuse rather than buffer it. */
const MAX_PAX = 1024 * 1024;

export class TarSplice {
  /** File, directory and link entries seen (not pax or GNU meta entries). */
  entries = 0;
  /** The end-of-archive block has been seen; later bytes are padding. */
  ended = false;
  private readonly head = Buffer.alloc(BLOCK);
  private headLen = 0;
  /** Bytes of the current entry's data and padding still to come. */
  private skip = 0;
  private dropping = false;
  private pax: Buffer[] | undefined;
  private sizeOverride: number | undefined;

  /** The slices of `chunk` that belong in the joined stream, in order. */
  take(chunk: Buffer): Buffer[] {
    if (this.ended) return [];
    const out: Buffer[] = [];
    let runStart = this.headLen > 0 || this.dropping ? -1 : 0;
    const flush = (end: number) => {
      if (runStart >= 0 && end > runStart) out.push(chunk.subarray(runStart, end));
      runStart = -1;
    };
    let i = 0;
    while (i < chunk.length && !this.ended) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.pax?.push(chunk.subarray(i, i + n));
        i += n;
        this.skip -= n;
        if (this.skip === 0) this.entryDone(() => (runStart = i));
        continue;
      }
      const start = i;
      const n = Math.min(BLOCK - this.headLen, chunk.length - i);
      chunk.copy(this.head, this.headLen, i, i + n);
      this.headLen += n;
      i += n;
      if (this.headLen < BLOCK) {
        flush(start); // held back until it is whole
        break;
      }
      const straddled = n < BLOCK;
      this.headLen = 0;
      const keep = this.header();
      if (!keep) {
        flush(start);
        if (!this.ended && this.skip === 0) this.entryDone(() => (runStart = i));
      } else if (straddled) {
        out.push(Buffer.from(this.head));
        runStart = i;
      } else if (runStart < 0) runStart = start;
    }
    flush(chunk.length);
    return out;
  }

  /** Reads the header in `head`; returns whether it belongs in the output. */
  private header(): boolean {
    if (this.head.every((b) => b === 0)) {
      this.ended = true;
      return false;
    }
    if (checksum(this.head) !== parseNumber(this.head.subarray(148, 156))) throw new Error('the tar stream has a corrupt header');
    const type = String.fromCharCode(this.head[156] as number);
    const size = type === 'x' || type === 'g' || this.sizeOverride === undefined ? parseNumber(this.head.subarray(124, 136)) : this.sizeOverride;
    if (type !== 'x' && type !== 'g') this.sizeOverride = undefined;
    this.skip = Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      if (size > MAX_PAX) throw new Error('the tar stream has an oversized pax header');
      this.pax = [];
    } else if (type !== 'g' && type !== 'L' && type !== 'K') this.entries++;
    this.dropping = type === 'g';
    return !this.dropping;
  }

  /** The current entry's data is over: learn a pax size, resume after a dropped one. */
  private entryDone(resume: () => void): void {
    if (this.pax) {
      this.sizeOverride = paxSize(Buffer.concat(this.pax));
      this.pax = undefined;
    }
    if (this.dropping) {
      this.dropping = false;
      resume();
    }
  }
}

function checksum(head: Buffer): number {
  let sum = 8 * 0x20; // the checksum field itself counts as spaces
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += head[i] as number;
  return sum;
}

/** An octal numeric field, or GNU base-256 when the high bit is set. */
function parseNumber(field: Buffer): number {
  if ((field[0] as number) & 0x80) {
    let n = (field[0] as number) & 0x7f;
    for (let i = 1; i < field.length; i++) n = n * 256 + (field[i] as number);
    return n;
  }
  const text = field.toString('latin1').trimStart().replace(/[\0 ].*$/, '');
  return text ? parseInt(text, 8) : 0;
}

/** The `size` record of a pax extended header (`LEN size=N\n`), if any. */
function paxSize(data: Buffer): number | undefined {
  const m = /(?:^|\n)\d+ size=(\d+)\n/.exec(data.toString('utf8'));
  return m ? Number(m[1]) : undefined;
}
