// The platform's sixteen course categories (课程分类) as the provincial online learning
// centre publishes them. Ids are stable so that catalogue cursors, station caches and tests
// can refer to a category across regenerations; `sort` is the display order.

export interface DemoCategory {
  id: string;
  name: string;
  sort: number;
}

const NAMES = [
  '政治理论',
  '时事热点与政策解读',
  '党史党建',
  '经济理论与经济管理',
  '公共管理与政府建设',
  '法治理论与法治建设',
  '领导科学',
  '国情省情',
  '应急管理',
  '社会管理',
  '国际政治与外交',
  '科学知识与文化艺术',
  '健康管理',
  '生态文明建设',
  '信息技术与数字政府',
  '廉政教育',
] as const;

export const DEMO_CATEGORIES: DemoCategory[] = NAMES.map((name, index) => ({
  id: `cat-${String(index + 1).padStart(2, '0')}`,
  name,
  sort: index + 1,
}));
