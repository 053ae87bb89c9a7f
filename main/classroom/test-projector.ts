// For the projector and playlist tests: the classroom channel harness (real ledger.db and
// catalog.db, a hand-moved clock, a real router) with the player's channels on it, three
// lessons in the catalogue (two cached here, one not) and a live channel. The media store
// is stood in for by the set of cached hashes: what the projector asks of it is only "is
// this file here".
import type { TestContext } from 'node:test';
import { silentLogger } from '../runtime/logger.ts';
import { createLiveRelay } from '../library/live/live-relay.ts';
import { createPlayerHandlers } from './player-channels.ts';
import { createProjectorLookup } from './projector-lookup.ts';
import { createProjectorService, type ProjectorService } from './projector-service.ts';
import { openChannelHarness, type ChannelHarness } from './test-host.ts';

const sha = (n: number) => String(n).repeat(64).slice(0, 64);

export const LESSONS = {
  one: { id: 'lesson-1', title: '第1讲', durationSec: 600, sha256: sha(1) },
  two: { id: 'lesson-2', title: '第2讲', durationSec: 300, sha256: sha(2) },
  away: { id: 'lesson-3', title: '第3讲（未下载）', durationSec: 900, sha256: sha(3) },
} as const;
export const CHANNEL = { id: 'live-1', name: '省委党校直播课堂' };

export type ProjectorHarness = ChannelHarness & {
  projector: ProjectorService;
  /** The organiser session the tests call with. */
  organiser: string;
  openClass(title?: string, lessonIds?: string[]): Promise<string>;
};

export async function openProjectorHarness(t: TestContext): Promise<ProjectorHarness> {
  let projector: ProjectorService | null = null;
  const h = openChannelHarness(t, {
    extraHandlers: (service, bus) => {
      const catalog = service.host.attached()!.catalog;
      const live = createLiveRelay({ catalog, hubUrl: () => 'http://127.0.0.1:9/', log: silentLogger });
      const cached = new Set<string>([LESSONS.one.sha256, LESSONS.two.sha256]);
      projector = createProjectorService({
        host: service.host,
        bus,
        log: silentLogger,
        lookup: createProjectorLookup(
          catalog,
          { state: (hash) => ({ state: cached.has(hash) ? 'ready' : 'not-cached', pinned: false }) as never },
          live,
        ),
        monoNow: () => h.clock.monoMs(),
        leaseCheckMs: null,
      });
      t.after(() => projector?.close());
      return createPlayerHandlers({
        host: service.host,
        projector,
        live,
        organiserSessions: service.organiserSessions,
      });
    },
  });
  const catalog = h.classroom.catalog;
  catalog
    .prepare(
      "INSERT INTO courses (id, category_id, title, teacher, summary, credit_hours, updated_at) VALUES ('course-1', 'cat', '党史专题', '张老师', '', 1, '2026-01-01')",
    )
    .run();
  const lesson = catalog.prepare(
    "INSERT INTO lessons (id, course_id, title, teacher, summary, duration_sec, credit_hours, sort, media_sha256, media_size, media_type) VALUES (?, 'course-1', ?, '张老师', '', ?, 0, ?, ?, 1000, 'video/mp4')",
  );
  Object.values(LESSONS).forEach((l, index) => lesson.run(l.id, l.title, l.durationSec, index + 1, l.sha256));
  const stored = catalog.prepare(
    'INSERT INTO media_files (sha256, size, stored_at, last_used_at, verified_at) VALUES (?, 1000, 0, 0, 0)',
  );
  for (const l of [LESSONS.one, LESSONS.two]) stored.run(l.sha256);
  catalog
    .prepare('INSERT INTO live_channels (id, name, url, format, has_audio, has_video) VALUES (?, ?, ?, ?, 1, 1)')
    .run(CHANNEL.id, CHANNEL.name, '/v1/live/one.flv', 'flv');
  const organiser = await h.unlock();
  return {
    ...h,
    projector: projector!,
    organiser,
    async openClass(title = '县处级干部专题培训班', lessonIds = [LESSONS.one.id, LESSONS.two.id]) {
      const session = await h.value<{ sessionId: string }>('organiser.createClass', {
        organiserSession: organiser,
        title,
        lessonIds,
      });
      return session.sessionId;
    },
  };
}
