// The demo roster (学员名册): the cadres of one county who may check in at its classroom
// stations. Card numbers are in clear because the demo card-reader simulators have to "tap"
// them; a real hub publishes only keyed hashes and the station never stores a clear number.
import { chineseName } from './names.ts';
import { createRandom, pick, pickWeighted, type Random } from './random.ts';
import { DEMO_ORGANISER_INDEX, DEMO_ORGANISER_PIN } from '../../common/demo-organiser.ts';
import type { LearnerInput } from '../admin.ts';

/** County/division level (县处级, 50 hours a year) or section level and below (80 hours). */
export type LearnerLevel = 'county_division' | 'section_below';

/**
 * A demo learner as the administrator publishes one (admin.ts LearnerInput): the card number
 * is 10 decimal digits, a 4-byte Mifare UID as card readers in keyboard-wedge mode type it;
 * the demo site's organiser also has `organiser` and `organiserPin`.
 */
export type DemoLearner = LearnerInput;

export { DEMO_ORGANISER_INDEX, DEMO_ORGANISER_PIN };

export interface RosterOptions {
  learners: number;
  seed: number;
}

const COUNTIES = ['青山县', '临河县', '石门县', '安平县', '南岭县', '丰泽县', '永和县', '清源县'] as const;
/** In a county, only the leadership bodies hold county/division rank; their members are few. */
const COUNTY_DIVISION_SHARE = 0.12;
const LEADERSHIP_BODIES = ['县委', '县人民政府', '县人大常委会', '县政协', '县纪委监委'] as const;
// Bureau heads and everyone below them are section level; the weights favour big departments.
const DEPARTMENTS = [
  '县委办公室',
  '县委组织部',
  '县委宣传部',
  '县委统战部',
  '县委政法委员会',
  '县人民政府办公室',
  '县发展和改革局',
  '县财政局',
  '县教育局',
  '县公安局',
  '县民政局',
  '县司法局',
  '县人力资源和社会保障局',
  '县自然资源局',
  '县住房和城乡建设局',
  '县交通运输局',
  '县水利局',
  '县农业农村局',
  '县卫生健康局',
  '县应急管理局',
  '县市场监督管理局',
  '县审计局',
  '县统计局',
  '县医疗保障局',
  '县退役军人事务局',
  '县信访局',
] as const;
const TOWNS = [
  '城关镇',
  '河口镇',
  '青石镇',
  '柳林镇',
  '白沙镇',
  '长岭镇',
  '马坊乡',
  '杨庄乡',
  '龙潭乡',
  '东关街道',
  '西城街道',
] as const;

function townUnit(town: string): string {
  if (town.endsWith('街道')) return `${town}办事处`;
  return `${town}人民政府`;
}

function unitFor(random: Random, county: string, level: LearnerLevel): string {
  // '县委' etc. become '青山县委': the unit names carry the county's name as printed on rosters.
  const qualify = (name: string): string => county + name.slice(1);
  if (level === 'county_division') return qualify(pick(random, LEADERSHIP_BODIES));
  return pickWeighted(random, ['department', 'town'] as const, [3, 2]) === 'department'
    ? qualify(pick(random, DEPARTMENTS))
    : county + townUnit(pick(random, TOWNS));
}

export function generateRoster(options: RosterOptions): DemoLearner[] {
  const random = createRandom(options.seed);
  const county = pick(random, COUNTIES);
  const cardNumbers = new Set<string>();
  const learners: DemoLearner[] = [];
  for (let index = 0; index < options.learners; index += 1) {
    const level: LearnerLevel = random() < COUNTY_DIVISION_SHARE ? 'county_division' : 'section_below';
    let cardNumber: string;
    do cardNumber = String(Math.floor(random() * 4294967296)).padStart(10, '0');
    while (cardNumbers.has(cardNumber));
    cardNumbers.add(cardNumber);
    learners.push({
      id: `learner-${String(index + 1).padStart(4, '0')}`,
      name: chineseName(random),
      unit: unitFor(random, county, level),
      level,
      cardNumber,
    });
  }
  return learners;
}

/** The demo hub's roster: one county class of forty. */
export function generateDemoRoster(): DemoLearner[] {
  const roster = generateRoster({ learners: 40, seed: 1 });
  roster[DEMO_ORGANISER_INDEX] = {
    ...roster[DEMO_ORGANISER_INDEX]!,
    organiser: true,
    organiserPin: DEMO_ORGANISER_PIN,
  };
  return roster;
}
