// Suite `library`: the offline course library. Catalogue and search figures come from
// bench/library/catalog.ts, download and media-serving figures from bench/library/media.ts;
// each measures its baseline (a LIKE scan, curl) side by side in the same run.
import { catalogFigures } from '../library/catalog.ts';
import { mediaFigures } from '../library/media.ts';

export async function run(): Promise<Record<string, number>> {
  return { ...(await catalogFigures()), ...(await mediaFigures()) };
}
