// Plausible Chinese personal names for teachers and learners. Surnames are weighted roughly
// by how common they are, so a roster of forty looks like a real county class (several 王, 李
// and 张, the odd 欧阳) rather than a uniform spread over a hundred surnames.
import { pick, pickWeighted, type Random } from './random.ts';

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
  '彭',
  '曾',
  '肖',
  '田',
  '董',
  '袁',
  '潘',
  '于',
  '蒋',
  '蔡',
  '余',
  '杜',
  '叶',
  '程',
  '苏',
  '魏',
  '吕',
  '丁',
  '任',
  '沈',
  '姚',
  '卢',
  '姜',
  '崔',
  '钟',
  '谭',
  '陆',
  '汪',
  '范',
  '金',
  '石',
  '廖',
  '贾',
  '夏',
  '韦',
  '付',
  '方',
  '白',
  '邹',
  '孟',
  '熊',
  '秦',
  '邱',
  '江',
  '尹',
  '薛',
  '闫',
  '段',
  '雷',
  '侯',
  '龙',
  '史',
  '陶',
  '黎',
  '贺',
  '顾',
  '毛',
  '郝',
  '龚',
  '邵',
  '万',
  '钱',
  '严',
  '覃',
  '武',
  '戴',
  '莫',
  '孔',
  '向',
  '汤',
  '欧阳',
  '司马',
  '上官',
] as const;
// The top five surnames cover about a third of the population; the long tail shares the rest.
const SURNAME_WEIGHTS = SURNAMES.map((_, index) => (index < 5 ? 7 : index < 20 ? 3 : index < 100 ? 1 : 0.15));

const MALE_CHARACTERS = [
  ...'伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘',
];
const FEMALE_CHARACTERS = [
  ...'秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽',
];

export type Gender = 'male' | 'female';

/** A full name: surname plus one or two given-name characters (two is the more common). */
export function chineseName(random: Random, gender: Gender = random() < 0.55 ? 'male' : 'female'): string {
  const surname = pickWeighted(random, SURNAMES, SURNAME_WEIGHTS);
  const characters = gender === 'male' ? MALE_CHARACTERS : FEMALE_CHARACTERS;
  const givenLength = random() < 0.7 ? 2 : 1;
  let given = '';
  for (let index = 0; index < givenLength; index += 1) given += pick(random, characters);
  return surname + given;
}
