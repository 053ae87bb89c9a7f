// bench soak: a live lecture for half an hour on the projector window, as a long class day
// plays it, with a fault every minute (in turn: a clean end of stream, a connection reset, a
// stall with the socket open, the source down for 3 s) — does anything grow? Every
// SAMPLE_MS the projector page's JavaScript heap after a garbage collection (CDP
// HeapProfiler.collectGarbage, then Runtime.getHeapUsage), the resident memory of the browser's
// processes (every process of this Chromium, their proportional set sizes from /proc) and of
// the station process;
// after a WARMUP the least-squares slope of each against time.
//   soak_minutes                 how long it played (SOAK_MINUTES, default 30)
//   soak_faults                  faults injected
//   soak_heap_slope_mb_per_h     the page's live JS heap, MB per hour (goal: no upward trend beyond noise)
//   soak_rss_slope_mb_per_h      the browser's resident memory, MB per hour (same goal)
//   soak_station_rss_slope_mb_per_h  the station process's resident memory, MB per hour
//   soak_heap_mb_first / _last   the heap at the end of the warm-up and at the end, beside the slope
//   soak_rss_mb_first / _last    the same for the browser's memory
//   soak_rebuffer_ratio          time on a slate over the whole soak (each fault costs ~1–7 s)
// Baseline beside the slopes: soak_heap_noise_mb, the standard deviation of the heap samples
// around their line — a slope times the soak's length below it is noise.
import fs from 'node:fs';
import { openPlayerRoom, sleep, slateMs, until } from '../player/room.ts';
import { round } from '../support/stats.ts';

const SOAK_MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const SAMPLE_MS = 15_000;
const WARMUP_MS = 2 * 60_000;
const DOWN_MS = 3_000;

type Sample = { at: number; heapMb: number; rssMb: number; stationRssMb: number };

/** A process's proportional set size (its resident memory, pages shared with others divided among them: processes of one browser add up without counting shared pages twice). */
function pssMb(pid: number): number {
  try {
    const match = /Pss:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0; // the process ended between the listing and the read
  }
}

/** The resident memory of this bench's Chromium: every process below this one that runs it. */
function browserPssMb(): number {
  const parents = new Map<number, number>();
  const commands = new Map<number, string>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent pid is the 4th field of stat, after the command's name in parentheses.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      commands.set(Number(entry), fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8'));
    } catch {
      // ended meanwhile
    }
  }
  const below = (pid: number): boolean => {
    for (let at = parents.get(pid); at !== undefined && at > 1; at = parents.get(at))
      if (at === process.pid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, command] of commands) if (command.includes('chromium') && below(pid)) total += pssMb(pid);
  return total;
}

/** Least-squares line through (x, y): its slope, and the standard deviation of the points around it. */
function fit(points: { x: number; y: number }[]): { slope: number; noise: number } {
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  const sxx = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  const sxy = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const residual = points.reduce((sum, p) => sum + (p.y - meanY - slope * (p.x - meanX)) ** 2, 0);
  return { slope, noise: Math.sqrt(residual / Math.max(1, n - 2)) };
}

export async function run(): Promise<Record<string, number>> {
  if (!(SOAK_MINUTES > WARMUP_MS / 60_000))
    throw new Error(`SOAK_MINUTES must exceed the ${WARMUP_MS / 60_000} min warm-up`);
  const room = await openPlayerRoom('soak');
  try {
    const { page, source } = room;
    const cdp = await page.context().newCDPSession(page);
    if (browserPssMb() === 0) throw new Error('bench soak: cannot find the browser’s processes below this one');
    const stationPid = room.player.station.process.pid!;
    const liveKey = room.view.items.find((item) => item.kind === 'live')!.key;
    await room.control('playItem', liveKey);
    await until('the live picture', 20_000, async () =>
      (await page.getByTestId('live-stage').getAttribute('data-slate')) === 'none' ? true : null,
    );

    const samples: Sample[] = [];
    const began = Date.now();
    const end = began + SOAK_MINUTES * 60_000;
    const faults = [
      () => source.endStreams(),
      () => source.abortStreams(),
      () => source.stallStreams(),
      () => void source.down(DOWN_MS),
    ];
    let faulted = 0;
    let nextFault = began + 30_000;
    while (Date.now() < end) {
      await sleep(Math.min(SAMPLE_MS, Math.max(0, end - Date.now())));
      if (Date.now() >= nextFault) {
        faults[faulted % faults.length]!();
        faulted += 1;
        nextFault += 60_000;
      }
      await cdp.send('HeapProfiler.collectGarbage');
      const { usedSize } = await cdp.send('Runtime.getHeapUsage');
      samples.push({
        at: Date.now(),
        heapMb: usedSize / 2 ** 20,
        rssMb: browserPssMb(),
        stationRssMb: pssMb(stationPid),
      });
      const minute = Math.floor((Date.now() - began) / 60_000);
      if (samples.length % 4 === 0) {
        const last = samples.at(-1)!;
        console.log(
          `bench soak: ${minute} min, heap ${last.heapMb.toFixed(1)} MB, browser ${last.rssMb.toFixed(0)} MB, station ${last.stationRssMb.toFixed(0)} MB, ${faulted} faults`,
        );
      }
    }
    const rebuffer = (await slateMs(page, began, Date.now())) / (Date.now() - began);
    await room.control('pause');

    const kept = samples.filter((sample) => sample.at - began >= WARMUP_MS);
    const hours = (sample: Sample) => (sample.at - began) / 3_600_000;
    const heap = fit(kept.map((s) => ({ x: hours(s), y: s.heapMb })));
    const rss = fit(kept.map((s) => ({ x: hours(s), y: s.rssMb })));
    const station = fit(kept.map((s) => ({ x: hours(s), y: s.stationRssMb })));
    return {
      soak_minutes: SOAK_MINUTES,
      soak_faults: faulted,
      soak_samples: kept.length,
      soak_heap_slope_mb_per_h: round(heap.slope, 2),
      soak_heap_noise_mb: round(heap.noise, 2),
      soak_heap_mb_first: round(kept[0]!.heapMb, 1),
      soak_heap_mb_last: round(kept.at(-1)!.heapMb, 1),
      soak_rss_slope_mb_per_h: round(rss.slope, 1),
      soak_rss_noise_mb: round(rss.noise, 1),
      soak_rss_mb_first: round(kept[0]!.rssMb, 0),
      soak_rss_mb_last: round(kept.at(-1)!.rssMb, 0),
      soak_station_rss_slope_mb_per_h: round(station.slope, 1),
      soak_station_rss_mb_last: round(kept.at(-1)!.stationRssMb, 0),
      soak_rebuffer_ratio: round(rebuffer, 4),
    };
  } finally {
    await room.close();
  }
}
