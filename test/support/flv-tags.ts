// FLV plumbing for the test live source: cut a growing FLV byte stream into its header and
// whole tags, and keep what a viewer joining mid-stream needs first — the header, the
// onMetaData script tag, the AVC and AAC sequence headers, and the tags since the last video
// keyframe — the way a live server's GOP cache does. (FLV: a 9-byte header and a 4-byte
// PreviousTagSize0, then tags of an 11-byte head — type, 24-bit size, timestamp, stream id —
// the data, and a 4-byte PreviousTagSize.)

const HEADER_BYTES = 9 + 4;
const TAG_HEAD = 11;
const AUDIO = 8;
const VIDEO = 9;
const SCRIPT = 18;

export type FlvTag = { type: number; bytes: Buffer };

/** Returns a function that takes chunks of an FLV stream and gives back the header (once) and whole tags. */
export function createFlvReader(): (chunk: Buffer) => { header: Buffer | null; tags: FlvTag[] } {
  let carry = Buffer.alloc(0);
  let headerSeen = false;
  return (chunk) => {
    let data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    let header: Buffer | null = null;
    if (!headerSeen) {
      if (data.length < HEADER_BYTES) {
        carry = Buffer.from(data);
        return { header: null, tags: [] };
      }
      if (data.toString('latin1', 0, 3) !== 'FLV') throw new Error('not an FLV stream');
      header = Buffer.from(data.subarray(0, HEADER_BYTES));
      data = data.subarray(HEADER_BYTES);
      headerSeen = true;
    }
    const tags: FlvTag[] = [];
    let offset = 0;
    while (offset + TAG_HEAD <= data.length) {
      const size = data.readUIntBE(offset + 1, 3);
      const end = offset + TAG_HEAD + size + 4;
      if (end > data.length) break;
      tags.push({ type: data[offset]!, bytes: Buffer.from(data.subarray(offset, end)) });
      offset = end;
    }
    carry = Buffer.from(data.subarray(offset));
    return { header, tags };
  };
}

const isSequenceHeader = (tag: FlvTag) =>
  (tag.type === VIDEO && (tag.bytes[TAG_HEAD]! & 0x0f) === 7 && tag.bytes[TAG_HEAD + 1] === 0) ||
  (tag.type === AUDIO && tag.bytes[TAG_HEAD]! >> 4 === 10 && tag.bytes[TAG_HEAD + 1] === 0);
const isKeyframe = (tag: FlvTag) => tag.type === VIDEO && tag.bytes[TAG_HEAD]! >> 4 === 1 && !isSequenceHeader(tag);

/** What a viewer joining now is sent before the live tags. */
export class FlvJoinPoint {
  #header: Buffer | null = null;
  #metadata: Buffer | null = null;
  #videoConfig: Buffer | null = null;
  #audioConfig: Buffer | null = null;
  #gop: Buffer[] = [];

  push(header: Buffer | null, tags: FlvTag[]): void {
    if (header) this.#header = header;
    for (const tag of tags) {
      if (tag.type === SCRIPT) this.#metadata = tag.bytes;
      else if (isSequenceHeader(tag)) {
        if (tag.type === VIDEO) this.#videoConfig = tag.bytes;
        else this.#audioConfig = tag.bytes;
      } else {
        if (isKeyframe(tag)) this.#gop = [];
        if (this.#gop.length > 0 || isKeyframe(tag)) this.#gop.push(tag.bytes);
      }
    }
  }

  /** Empty until a keyframe has been seen. */
  snapshot(): Buffer {
    if (!this.#header || !this.#videoConfig || this.#gop.length === 0) return Buffer.alloc(0);
    const parts = [this.#header, this.#metadata, this.#videoConfig, this.#audioConfig, ...this.#gop];
    return Buffer.concat(parts.filter((part): part is Buffer => part !== null));
  }
}
