// A week of classroom classes (课表) for the demo hub: the seven China Standard Time calendar
// days from `start`'s day, a class every weekday morning and on some afternoons, 90–180
// minutes each, with a playlist of one to three consecutive lessons of one course. Times are
// computed in UTC+8 whatever the machine's time zone, as the stations read them. The same
// (start day, seed) always gives the same week.
import { createRandom, pick, randomInt, shuffled, type Random } from './random.ts';

export interface DemoClass {
  id: string;
  title: string;
  /** YYYY-MM-DD, the class day in China Standard Time. */
  date: string;
  /** ISO 8601, UTC. */
  startsAt: string;
  endsAt: string;
  organiser: string;
  lessonIds: string[];
}

export interface WeekScheduleOptions {
  start: Date;
  courseIds: string[];
  /** Lessons that may be played, in catalogue order; their ids start with their course's id (catalog-generator.ts). */
  lessonIds: string[];
  seed: number;
}

const CST_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
const AFTERNOON_SHARE = 0.6;
const PROGRAMMES = [
  { title: '县处级干部专题培训班', organiser: '县委组织部' },
  { title: '科级干部进修班', organiser: '县委党校' },
  { title: '中青年干部培训班', organiser: '县委组织部' },
  { title: '乡镇党委书记专题研讨班', organiser: '县委组织部' },
  { title: '基层党组织书记培训班', organiser: '县委党校' },
  { title: '应急管理专题培训班', organiser: '县应急管理局' },
  { title: '领导干部依法行政专题培训班', organiser: '县司法局' },
  { title: '新录用公务员初任培训班', organiser: '县人力资源和社会保障局' },
] as const;
type Programme = (typeof PROGRAMMES)[number];
const MORNING_STARTS = ['08:30', '09:00'] as const;
const AFTERNOON_STARTS = ['14:00', '14:30'] as const;

/** The lessons of each course that has any, keeping the given order. */
function lessonsByCourse(courseIds: readonly string[], lessonIds: readonly string[]): string[][] {
  return courseIds
    .map((courseId) => lessonIds.filter((lessonId) => lessonId.startsWith(`${courseId}-`)))
    .filter((lessons) => lessons.length > 0);
}

function playlist(random: Random, courses: readonly string[][]): string[] {
  const lessons = pick(random, courses);
  const length = Math.min(lessons.length, randomInt(random, 1, 3));
  const first = randomInt(random, 0, lessons.length - length);
  return lessons.slice(first, first + length);
}

/** Milliseconds since the epoch of the CST wall time `hhmm` on the CST day starting at `dayStart`. */
function cstTime(dayStart: number, hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return dayStart + (hours * 60 + minutes) * 60_000;
}

export function generateWeekSchedule(options: WeekScheduleOptions): DemoClass[] {
  const courses = lessonsByCourse(options.courseIds, options.lessonIds);
  if (courses.length === 0)
    throw new Error('generateWeekSchedule: none of the lessonIds belongs to one of the courseIds');
  // Midnight CST of the start day, as a UTC instant; the day number keys the week's randomness.
  const firstDay = Math.floor((options.start.getTime() + CST_OFFSET_MS) / DAY_MS);
  const random = createRandom(Math.imul(options.seed, 0x9e3779b1) ^ firstDay);
  const [morningProgramme, afternoonProgramme] = shuffled(random, PROGRAMMES) as [Programme, Programme];
  // Programmes run for weeks, so this week's first lecture is not necessarily the first.
  const lectureNumbers = new Map([
    [morningProgramme, randomInt(random, 1, 12)],
    [afternoonProgramme, randomInt(random, 1, 12)],
  ]);

  const classes: DemoClass[] = [];
  for (let day = firstDay; day < firstDay + 7; day += 1) {
    const dayStart = day * DAY_MS - CST_OFFSET_MS;
    const calendar = new Date(day * DAY_MS);
    const weekday = calendar.getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    const date = calendar.toISOString().slice(0, 10);
    const sessions: { part: 'am' | 'pm'; programme: Programme; starts: readonly string[] }[] = [
      { part: 'am', programme: morningProgramme, starts: MORNING_STARTS },
    ];
    if (random() < AFTERNOON_SHARE)
      sessions.push({ part: 'pm', programme: afternoonProgramme, starts: AFTERNOON_STARTS });
    for (const { part, programme, starts } of sessions) {
      const startsAt = cstTime(dayStart, pick(random, starts));
      const lecture = lectureNumbers.get(programme)!;
      lectureNumbers.set(programme, lecture + 1);
      classes.push({
        id: `class-${date.replaceAll('-', '')}-${part}`,
        title: `${programme.title}第${lecture}讲`,
        date,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + randomInt(random, 3, 6) * 30 * 60_000).toISOString(),
        organiser: programme.organiser,
        lessonIds: playlist(random, courses),
      });
    }
  }
  return classes;
}
