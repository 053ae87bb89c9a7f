// MPEG-TS plumbing for the demo live source: cut ffmpeg's output into whole 188-byte packets
// and keep a "join point" for late subscribers. mpegts.js (the station's live player) needs
// the PAT and PMT before anything else and shows a picture only from a keyframe, so a viewer
// who joins mid-stream gets PAT, PMT and the packets since the last video keyframe first, then
// the live packets — a picture at once instead of a black wait for the next PAT and keyframe.

export const PACKET_SIZE = 188;
export const SYNC_BYTE = 0x47;

/** The PIDs the live source tells ffmpeg to use, so this module needs no PSI parsing. */
export const PAT_PID = 0x0000;
export const PMT_PID = 0x1000;
export const VIDEO_PID = 0x0100;

export function packetPid(packet: Uint8Array): number {
  return ((packet[1]! & 0x1f) << 8) | packet[2]!;
}

/** The adaptation field's random_access_indicator: ffmpeg sets it where a keyframe starts. */
export function isRandomAccess(packet: Uint8Array): boolean {
  const hasAdaptationField = (packet[3]! & 0x20) !== 0;
  return hasAdaptationField && packet[4]! > 0 && (packet[5]! & 0x40) !== 0;
}

/**
 * Returns a function that takes arbitrary chunks of a TS byte stream and gives back only whole
 * packets, carrying a partial packet over to the next chunk, so every write to a subscriber
 * keeps 188-byte alignment.
 */
export function createPacketAligner(): (chunk: Buffer) => Buffer {
  let carry = Buffer.alloc(0);
  return (chunk) => {
    const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
    const whole = data.length - (data.length % PACKET_SIZE);
    carry = Buffer.from(data.subarray(whole));
    return data.subarray(0, whole);
  };
}

/** Holds PAT, PMT and the packets since the last video keyframe, up to `maxBytes`. */
export class JoinPoint {
  readonly #maxBytes: number;
  #pat: Buffer | null = null;
  #pmt: Buffer | null = null;
  #sinceKeyframe: Buffer[] = [];
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Takes whole, aligned packets in stream order. */
  push(packets: Buffer): void {
    for (let offset = 0; offset + PACKET_SIZE <= packets.length; offset += PACKET_SIZE) {
      const packet = packets.subarray(offset, offset + PACKET_SIZE);
      const pid = packetPid(packet);
      if (pid === PAT_PID) this.#pat = Buffer.from(packet);
      else if (pid === PMT_PID) this.#pmt = Buffer.from(packet);
      else if (pid === VIDEO_PID && isRandomAccess(packet)) this.#restart();
      if (this.#bytes === 0 && !(pid === VIDEO_PID && isRandomAccess(packet))) continue;
      this.#sinceKeyframe.push(Buffer.from(packet));
      this.#bytes += PACKET_SIZE;
      // Without keyframes (a broken encoder) give up the join point rather than grow forever.
      if (this.#bytes > this.#maxBytes) this.#restart();
    }
  }

  /** What a new subscriber receives before live packets; empty until the first keyframe. */
  snapshot(): Buffer {
    if (this.#bytes === 0 || !this.#pat || !this.#pmt) return Buffer.alloc(0);
    return Buffer.concat([this.#pat, this.#pmt, ...this.#sinceKeyframe]);
  }

  #restart(): void {
    this.#sinceKeyframe = [];
    this.#bytes = 0;
  }
}
