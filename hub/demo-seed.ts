// The demo dataset a hub starts with (startHub's `demo`, `npm run hub`): site DEMO, the
// demo rule set, a catalogue, a class of forty learners, this week's class schedule and a live
// channel (ffmpeg-generated, served by the hub when a station first plays it), all from
// hub/demo/ with fixed seeds so every demo hub serves the same content. Seeded once, on the
// first start of a data folder; later starts keep whatever the administrator changed, and
// only add the current week's classes.
//
// The catalogue goes out the way an administrator publishes one (admin.publishCatalogChanges,
// lessons through lessons.ts), with the credit hours of courses and lessons computed under
// the rule set the demo has just published. Only media the hub really holds are announced:
// the playable demo course points at the fixture files in hub/demo/media/ (registered in
// place, not copied); the generator's other lessons are published with `media: null`
// ("recording not published yet") rather than with hashes of files no one can download.
import { PROVINCE_RULE_SET, type RuleSet } from '../protocol/hour-rules.ts';
import type { HubAdmin } from './admin.ts';
import type { HubDb } from './db.ts';
import { getSetting, setSetting } from './db.ts';
import { generateCatalog, generateDemoCatalog } from './demo/catalog-generator.ts';
import { generateDemoRoster } from './demo/roster.ts';
import { generateWeekSchedule } from './demo/schedule.ts';
import { currentRules } from './hours.ts';

export const DEMO_SITE = { code: 'DEMO', name: '演示县委党校' } as const;
/** Served by the hub itself (server.ts); channel URLs may be relative to the hub's base URL. */
export const DEMO_LIVE_PATH = '/v1/live/demo.ts';
export type DemoKind = 'small' | 'full';
/** The hour rules the demo hub publishes as its first version: a province's (45-minute 学时, quarters, a 20-minute floor). */
export const DEMO_RULE_SET: RuleSet = PROVINCE_RULE_SET;

const DAY_MS = 86_400_000;
const CST_MS = 8 * 3_600_000;

/** Midnight (China Standard Time) of the Monday of the week containing `ms`. */
function mondayOf(ms: number): Date {
  const day = Math.floor((ms + CST_MS) / DAY_MS);
  const weekday = (new Date(day * DAY_MS).getUTCDay() + 6) % 7;
  return new Date((day - weekday) * DAY_MS - CST_MS);
}

export async function seedDemo(
  db: HubDb,
  admin: HubAdmin,
  kind: DemoKind,
  now: number,
  rules: RuleSet = DEMO_RULE_SET,
): Promise<void> {
  if (getSetting(db, 'demo_seeded')) {
    publishComingWeeks(db, admin, now);
    return;
  }
  admin.createSite(DEMO_SITE);
  admin.publishRuleVersion(rules);

  // Hours by the rule set now published, whatever it says.
  const published = currentRules(db);
  const catalog =
    kind === 'full' ? generateCatalog({ courses: 2600, seed: 1, rules: published }) : generateDemoCatalog(published);
  await admin.publishCatalogChanges({
    categories: catalog.categories,
    courses: catalog.courses,
    // A generated lesson without a file has a made-up hash: not published yet.
    lessons: catalog.lessons.map((lesson) => (lesson.media?.file ? lesson : { ...lesson, media: null })),
  });

  admin.publishRoster({ siteCode: DEMO_SITE.code, learners: generateDemoRoster() });
  publishComingWeeks(db, admin, now);
  admin.publishLiveChannels({
    siteCode: DEMO_SITE.code,
    channels: [
      {
        id: 'demo-live',
        name: '直播演示\u3000县处级干部专题培训班',
        url: DEMO_LIVE_PATH,
        format: 'ts',
        hasAudio: true,
        hasVideo: true,
      },
    ],
  });
  setSetting(db, 'demo_seeded', kind);
}

/**
 * Adds this week's and next week's classes (playing the lessons the hub really holds), so a
 * demo station has classes today on weekdays and always some in the coming days — which the
 * station downloads ahead; run at every start, it leaves earlier weeks as history.
 */
function publishComingWeeks(db: HubDb, admin: HubAdmin, now: number): void {
  const playable = db
    .prepare(
      "SELECT data FROM records WHERE stream = 'lessons' AND deleted = 0 AND json_extract(data, '$.media') IS NOT NULL ORDER BY rev",
    )
    .all()
    .map((row) => JSON.parse((row as { data: string }).data) as { id: string; courseId: string });
  if (playable.length === 0) return;
  const courseIds = [...new Set(playable.map((l) => l.courseId))];
  // The first playable lesson stays off the schedule: the station fetches scheduled lessons
  // ahead by itself, and a newcomer should also see a lesson that downloads when asked.
  const lessonIds = playable.slice(1).map((l) => l.id);
  const monday = mondayOf(now);
  admin.publishSchedule({
    siteCode: DEMO_SITE.code,
    entries: [monday, new Date(monday.getTime() + 7 * DAY_MS)].flatMap((start) =>
      generateWeekSchedule({ start, courseIds, lessonIds, seed: 1 }),
    ),
  });
}
