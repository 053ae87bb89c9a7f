// What the demo catalogue's course titles, teachers and summaries are made of, per category.
// Topics are grouped with the title templates that read naturally with them ("中国共产党党史
// 专题：遵义会议的历史意义" works, "学习贯彻遵义会议专题辅导" does not), so every generated
// title is something a provincial learning centre could plausibly publish.

export interface TopicGroup {
  /** `{t}` is replaced by a topic. */
  templates: readonly string[];
  topics: readonly string[];
}

export interface CategoryVocabulary {
  /** Relative share of the catalogue: political theory and policy make up most of it. */
  weight: number;
  /** The teaching and research department (教研部) of a party school that teaches it. */
  department: string;
  /** The school of a university or academy that teaches it. */
  faculty: string;
  groups: readonly TopicGroup[];
}

/** Templates that read naturally with any noun-phrase topic. */
const GENERAL = ['{t}专题辅导', '{t}的理论与实践', '{t}若干问题研究', '关于{t}的几点思考', '{t}重点难点解析'] as const;

/** Keyed by category id (see categories.ts). */
export const COURSE_VOCABULARY: Record<string, CategoryVocabulary> = {
  'cat-01': {
    weight: 12,
    department: '马克思主义理论教研部',
    faculty: '马克思主义学院',
    groups: [
      {
        templates: ['学习贯彻{t}专题辅导', '{t}的核心要义与实践要求', '深入学习{t}', ...GENERAL],
        topics: [
          '习近平新时代中国特色社会主义思想',
          '党的二十大精神',
          '党的二十届三中全会精神',
          '党的二十届四中全会精神',
          '习近平经济思想',
          '习近平法治思想',
          '习近平生态文明思想',
          '习近平强军思想',
          '习近平外交思想',
          '习近平文化思想',
        ],
      },
      {
        templates: ['{t}的时代价值', '{t}导读', ...GENERAL],
        topics: [
          '马克思主义中国化时代化',
          '辩证唯物主义和历史唯物主义',
          '《共产党宣言》',
          '毛泽东思想',
          '中国式现代化',
          '“两个结合”',
          '新发展理念',
          '全过程人民民主',
          '社会主义核心价值观',
          '马克思主义政治经济学',
          '实事求是的思想路线',
        ],
      },
    ],
  },
  'cat-02': {
    weight: 10,
    department: '经济学教研部',
    faculty: '公共管理学院',
    groups: [
      {
        templates: ['{t}政策解读', '解读{t}', '{t}热点透视', '{t}：形势与任务', ...GENERAL],
        topics: [
          '政府工作报告',
          '中央经济工作会议精神',
          '中央一号文件',
          '“十五五”规划建议',
          '新质生产力',
          '全国统一大市场建设',
          '民营经济促进法',
          '乡村全面振兴',
          '扩大内需战略',
          '就业优先政策',
          '新型城镇化',
          '粮食安全战略',
          '区域协调发展战略',
          '人口高质量发展',
          '低空经济发展',
          '养老服务体系建设',
          '县域经济高质量发展',
        ],
      },
    ],
  },
  'cat-03': {
    weight: 11,
    department: '党史教研部',
    faculty: '马克思主义学院',
    groups: [
      {
        templates: ['中国共产党党史专题：{t}', '党史学习教育专题：{t}', '从党史看{t}', '{t}的历史启示'],
        topics: [
          '伟大建党精神',
          '遵义会议的历史意义',
          '延安整风运动',
          '长征精神',
          '红船精神',
          '井冈山精神',
          '西柏坡精神',
          '新中国史',
          '改革开放史',
          '社会主义发展史',
          '党的三个历史决议',
          '抗日战争中的中流砥柱',
          '土地革命战争时期的探索',
        ],
      },
      {
        templates: ['新时代党的建设专题：{t}', '{t}的制度安排与实践', ...GENERAL],
        topics: [
          '党的自我革命',
          '全面从严治党',
          '基层党组织建设',
          '党内政治生活准则',
          '民主集中制',
          '党员干部作风建设',
          '干部队伍建设',
          '党员教育管理',
          '党内法规制度建设',
          '调查研究',
        ],
      },
    ],
  },
  'cat-04': {
    weight: 9,
    department: '经济学教研部',
    faculty: '经济学院',
    groups: [
      {
        templates: ['{t}概论', '{t}：理论、政策与案例', ...GENERAL],
        topics: [
          '现代化经济体系',
          '高标准市场体系',
          '宏观经济治理',
          '财政体制改革',
          '金融风险防范化解',
          '地方政府债务管理',
          '产业链供应链韧性',
          '县域产业发展',
          '营商环境优化',
          '国有企业改革',
          '招商引资与项目管理',
          '乡村产业振兴',
          '现代农业经营体系',
          '数字经济',
        ],
      },
    ],
  },
  'cat-05': {
    weight: 8,
    department: '公共管理教研部',
    faculty: '公共管理学院',
    groups: [
      {
        templates: ['{t}实务', '推进{t}', ...GENERAL],
        topics: [
          '法治政府建设',
          '服务型政府建设',
          '政务服务“一网通办”',
          '行政审批制度改革',
          '政府绩效管理',
          '基层减负',
          '公共政策制定与评估',
          '政府采购管理',
          '机构编制管理',
          '公文写作与处理',
          '政务公开',
          '乡镇政府职能转变',
        ],
      },
    ],
  },
  'cat-06': {
    weight: 7,
    department: '政治和法律教研部',
    faculty: '法学院',
    groups: [
      {
        templates: ['{t}解读', '{t}与依法行政', '领导干部学法用法：{t}', ...GENERAL],
        topics: [
          '宪法',
          '民法典',
          '行政诉讼法',
          '行政处罚法',
          '行政复议法',
          '监察法',
          '国家安全法',
          '安全生产法',
          '个人信息保护法',
          '优化营商环境条例',
          '信访工作条例',
          '土地管理法',
        ],
      },
    ],
  },
  'cat-07': {
    weight: 7,
    department: '领导科学教研部',
    faculty: '政府管理学院',
    groups: [
      {
        templates: ['领导干部{t}', '提升{t}', '{t}的方法与艺术', ...GENERAL],
        topics: [
          '科学决策能力',
          '统筹协调能力',
          '群众工作能力',
          '改革攻坚能力',
          '狠抓落实本领',
          '调查研究能力',
          '媒体沟通能力',
          '舆情应对能力',
          '时间管理',
          '团队建设',
          '谈心谈话',
        ],
      },
    ],
  },
  'cat-08': {
    weight: 5,
    department: '公共管理教研部',
    faculty: '经济学院',
    groups: [
      {
        templates: ['{t}', '{t}研究', '{t}专题报告', '认识{t}'],
        topics: [
          '基本国情与发展阶段',
          '省情概览与发展战略',
          '人口结构变化与应对',
          '城乡发展格局',
          '资源禀赋与产业布局',
          '县域发展比较',
          '民族地区发展',
          '革命老区振兴发展',
          '边疆地区发展',
        ],
      },
    ],
  },
  'cat-09': {
    weight: 6,
    department: '应急管理培训中心',
    faculty: '应急管理学院',
    groups: [
      {
        templates: ['{t}实务', '{t}案例复盘', '基层{t}', ...GENERAL],
        topics: [
          '突发事件应急处置',
          '防汛抗旱',
          '森林草原防灭火',
          '安全生产风险防控',
          '危险化学品安全管理',
          '地震灾害应对',
          '应急预案编制与演练',
          '灾后恢复重建',
          '城市内涝防治',
          '自然灾害综合风险普查',
          '校园安全管理',
        ],
      },
    ],
  },
  'cat-10': {
    weight: 6,
    department: '社会学教研部',
    faculty: '社会学院',
    groups: [
      {
        templates: ['新时代{t}', '{t}创新', ...GENERAL],
        topics: [
          '基层社会治理',
          '“枫桥经验”',
          '网格化管理',
          '社区治理',
          '矛盾纠纷多元化解',
          '平安建设',
          '社会组织管理',
          '信访工作法治化',
          '乡村治理',
          '流动人口服务管理',
          '民生保障',
        ],
      },
    ],
  },
  'cat-11': {
    weight: 4,
    department: '国际战略研究院',
    faculty: '国际关系学院',
    groups: [
      {
        templates: ['{t}', '{t}研判', '{t}与中国外交', '理解{t}'],
        topics: [
          '百年变局下的国际格局',
          '构建人类命运共同体',
          '“一带一路”高质量发展',
          '全球发展倡议',
          '中美关系',
          '中国周边外交',
          '全球治理体系改革',
          '国际经贸规则变化',
          '地区热点问题',
        ],
      },
    ],
  },
  'cat-12': {
    weight: 4,
    department: '文史教研部',
    faculty: '人文学院',
    groups: [
      {
        templates: ['{t}漫谈', '走近{t}', '{t}讲座', '领导干部{t}素养'],
        topics: [
          '人工智能',
          '量子科技',
          '航天科技',
          '生物技术前沿',
          '中华优秀传统文化',
          '诗词鉴赏',
          '书法艺术',
          '中国古代建筑',
          '非物质文化遗产保护',
          '科学思维方法',
          '历史文化名城保护',
        ],
      },
    ],
  },
  'cat-13': {
    weight: 4,
    department: '健康教育中心',
    faculty: '公共卫生学院',
    groups: [
      {
        templates: ['{t}', '{t}常识', '领导干部{t}'],
        topics: [
          '心理健康与压力调适',
          '慢性病预防',
          '科学运动与健康',
          '合理膳食',
          '睡眠健康',
          '颈椎腰椎保健',
          '急救常识',
          '传染病防控',
          '中医养生',
        ],
      },
    ],
  },
  'cat-14': {
    weight: 4,
    department: '生态文明教研部',
    faculty: '环境学院',
    groups: [
      {
        templates: ['{t}的实践探索', '推进{t}', ...GENERAL],
        topics: [
          '“绿水青山就是金山银山”理念',
          '碳达峰碳中和',
          '河湖长制',
          '林长制',
          '生态保护红线',
          '农村人居环境整治',
          '大气污染防治',
          '生态产品价值实现',
          '中央生态环境保护督察',
        ],
      },
    ],
  },
  'cat-15': {
    weight: 4,
    department: '信息化教研部',
    faculty: '计算机学院',
    groups: [
      {
        templates: ['{t}入门', '{t}与政务应用', ...GENERAL],
        topics: [
          '数字政府建设',
          '政务数据共享',
          '大数据',
          '人工智能大模型',
          '网络安全',
          '数据安全',
          '电子政务外网',
          '智慧城市',
          '一体化政务服务平台',
          '办公软件应用',
        ],
      },
    ],
  },
  'cat-16': {
    weight: 5,
    department: '党的建设教研部',
    faculty: '纪检监察学院',
    groups: [
      {
        templates: ['廉政教育专题：{t}', '{t}警示教育', '守住{t}'],
        topics: [
          '中央八项规定精神',
          '廉洁自律准则',
          '违纪违法典型案例',
          '家风建设',
          '廉洁用权',
          '纪律处分条例',
          '形式主义官僚主义整治',
          '群众身边不正之风',
        ],
      },
    ],
  },
};

/** The aspects a lecture series works through, one per lesson (第N讲 …). */
export const LESSON_ASPECTS = [
  '时代背景与重大意义',
  '理论渊源与发展脉络',
  '核心要义与精神实质',
  '主要内容逐条解读',
  '实践要求与工作路径',
  '典型案例分析',
  '基层实践中的难点与对策',
  '国际比较与经验借鉴',
  '政策文件深度解读',
  '地方经验交流',
  '风险识别与防范',
  '制度建设与机制创新',
  '考核评价与督促落实',
  '问题导向的调查研究',
  '方法论启示',
  '常见误区辨析',
  '数据与事实',
  '情景模拟与研讨',
  '互动答疑',
  '学习体会与总结',
] as const;

/** Sentences for course summaries; `{t}` is the topic. */
export const SUMMARY_OPENINGS = [
  '本课程系统讲授{t}的基本内容和实践要求。',
  '课程围绕{t}，结合最新文件精神进行专题辅导。',
  '本课程从理论与实践相结合的角度，深入解析{t}。',
  '课程聚焦{t}，梳理其形成过程、主要内容和现实意义。',
  '本课程以问题为导向，讲解{t}中的重点难点问题。',
] as const;

export const SUMMARY_FOLLOW_UPS = [
  '课程结合县乡基层工作实际，选取典型案例进行剖析。',
  '主讲人长期从事相关教学研究工作，讲解深入浅出。',
  '适合县处级及以下领导干部系统学习。',
  '帮助学员提高运用理论指导实践、推动工作的能力。',
  '课后附有思考题，供学员结合本职工作研讨交流。',
  '课程内容与干部教育培训规划要求相衔接。',
] as const;
