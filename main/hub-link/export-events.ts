// The events of a ledger copy as the hub's administrator imports them (hub-admin
// import-events): every event exactly as the protocol sends it, one JSON object per line,
// gzipped. Read page by page from the copy (never the live ledger), so the station keeps
// answering while a large ledger is written out.
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { readEvents } from '../ledger/ledger.ts';

const PAGE = 1000;

export async function writeEventsNdjson(copyFile: string, target: string): Promise<number> {
  const db = new Database(copyFile, { readonly: true, fileMustExist: true });
  let count = 0;
  async function* lines(): AsyncGenerator<string> {
    for (let after = 0; ;) {
      const page = readEvents(db, { afterSeq: after, limit: PAGE });
      if (page.length === 0) return;
      count += page.length;
      after = page[page.length - 1]!.seq;
      yield page.map((event) => `${JSON.stringify(event)}\n`).join('');
      // A turn of the event loop between pages.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  try {
    await pipeline(Readable.from(lines()), zlib.createGzip(), fs.createWriteStream(target, { flags: 'wx' }));
  } finally {
    db.close();
  }
  return count;
}
