// Lecturers for the demo catalogue: a plausible name with the institution, department and rank
// a course listing shows ("李建华", a full-width space, "中共河南省委党校经济学教研部教授"). Each category gets its
// own small pool, so a teacher keeps lecturing in their field across many courses, as on the
// real platform.
import { chineseName } from './names.ts';
import { pick, pickWeighted, type Random } from './random.ts';
import type { CategoryVocabulary } from './course-vocabulary.ts';

// Chinese listings separate a name from its affiliation with a full-width space (U+3000).
const FULL_WIDTH_SPACE = '\u3000';

const PROVINCES = [
  '河北',
  '山西',
  '辽宁',
  '吉林',
  '黑龙江',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '海南',
  '四川',
  '贵州',
  '云南',
  '陕西',
  '甘肃',
  '青海',
] as const;
const NATIONAL_SCHOOLS = [
  '中共中央党校（国家行政学院）',
  '中国浦东干部学院',
  '中国井冈山干部学院',
  '中国延安干部学院',
] as const;
const UNIVERSITIES = [
  '中国人民大学',
  '北京大学',
  '清华大学',
  '复旦大学',
  '武汉大学',
  '南京大学',
  '中山大学',
  '四川大学',
] as const;
const RESEARCH_INSTITUTES = ['中国社会科学院', '国务院发展研究中心'] as const;

const SCHOOL_RANKS = ['教授', '副教授', '讲师'] as const;
const UNIVERSITY_RANKS = ['教授', '副教授'] as const;
const INSTITUTE_RANKS = ['研究员', '副研究员'] as const;

/** Most lectures on a provincial platform come from party schools, national and provincial. */
function teacherAffiliation(random: Random, vocabulary: CategoryVocabulary): string {
  const kind = pickWeighted(random, ['national', 'provincial', 'university', 'institute'] as const, [3, 4, 2, 1]);
  switch (kind) {
    case 'national':
      return pick(random, NATIONAL_SCHOOLS) + vocabulary.department + pickWeighted(random, SCHOOL_RANKS, [5, 3, 1]);
    case 'provincial':
      return `中共${pick(random, PROVINCES)}省委党校${vocabulary.department}${pickWeighted(random, SCHOOL_RANKS, [4, 4, 2])}`;
    case 'university':
      return pick(random, UNIVERSITIES) + vocabulary.faculty + pick(random, UNIVERSITY_RANKS);
    case 'institute':
      return pick(random, RESEARCH_INSTITUTES) + pick(random, INSTITUTE_RANKS);
  }
}

/** `count` distinct teachers for one category. */
export function teacherPool(random: Random, vocabulary: CategoryVocabulary, count: number): string[] {
  const pool = new Set<string>();
  while (pool.size < count) pool.add(chineseName(random) + FULL_WIDTH_SPACE + teacherAffiliation(random, vocabulary));
  return [...pool];
}
