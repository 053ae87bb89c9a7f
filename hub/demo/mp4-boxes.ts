// Reads the top-level box (atom) layout of an MP4 file. The station streams cached lessons
// to the video element while they are still being read, which only works when the index
// (`moov`) comes before the media data (`mdat`) — "faststart". This lets the fixture script
// and the tests check that without ffprobe.

export interface Mp4Box {
  type: string;
  offset: number;
  size: number;
}

/** The top-level boxes in file order; throws on a box that runs past the end of the data. */
export function topLevelBoxes(data: Uint8Array): Mp4Box[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const boxes: Mp4Box[] = [];
  let offset = 0;
  while (offset + 8 <= data.byteLength) {
    let size = view.getUint32(offset);
    const type = String.fromCharCode(...data.subarray(offset + 4, offset + 8));
    // size 1: a 64-bit size follows the type; size 0: the box runs to the end of the file.
    if (size === 1) size = Number(view.getBigUint64(offset + 8));
    else if (size === 0) size = data.byteLength - offset;
    if (size < 8 || offset + size > data.byteLength) {
      throw new Error(`MP4 box '${type}' at byte ${offset} has size ${size}, past the end of ${data.byteLength} bytes`);
    }
    boxes.push({ type, offset, size });
    offset += size;
  }
  return boxes;
}

/** True when the file has a moov box and it precedes the first mdat box. */
export function isFaststart(data: Uint8Array): boolean {
  const types = topLevelBoxes(data).map((box) => box.type);
  const moov = types.indexOf('moov');
  const mdat = types.indexOf('mdat');
  return moov !== -1 && (mdat === -1 || moov < mdat);
}
