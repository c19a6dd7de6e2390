/**
 * The cities pages' words, in both languages; src/strings.ts merges every feature's table.
 * `{name}` is filled from the parameters; a key ending in `_one` is used when `count` is 1.
 * A refusal's English text is what the JSON API answers, word for word.
 */
const en = {
  citiesMostMembersFirst: '{count} cities, most members first',
  citiesMostMembersFirst_one: '{count} city, most members first',
  province: 'Province',
  population: 'Population',
  timeZone: 'Time zone',
  noCities: 'No cities yet. The gazetteer of China’s cities loads when the app starts.',
  cityRanking: 'City ranking',
  rankingIntro: 'Where the next meetups should go; cities in cool-down follow the ranked ones.',
  rankingOrder: 'Order',
  order_members: 'members',
  'order_never-invited': 'never invited',
  order_density: 'density',
  perTenThousand: 'Per 10,000',
  neverInvited: 'Never invited',
  whyHere: 'Why here',
  'cities.nameZh': 'Chinese name',
  'cities.code': 'GB/T 2260 code',
  'cities.coordinates': 'Coordinates',
  'cities.aliases': 'Names and spellings',
  'cities.aliasesHelp':
    'An import or the API matches any of these (case, width, apostrophes, spaces, 市 and tone marks do not matter).',
  'cities.aliasKind.name': 'name',
  'cities.aliasKind.alias': 'alias',
  'cities.aliasKind.pinyin': 'pinyin',
  'cities.aliasKind.county': 'county-level name',
  'cities.unverified': 'unverified',
  'cities.unverifiedHelp':
    'An import created this city for a name no city goes by. Check it: if it is a real city under another name, merge it into that city.',
  'cities.fromGazetteer': 'From the gazetteer of China’s cities (GB/T 2260).',
  'cities.merge': 'Merge into another city',
  'cities.mergeHelp':
    'Moves this city’s members and meetups to the chosen city in one step; this city’s names become its aliases, so the next import matches them there.',
  'cities.mergeInto': 'Real city',
  'cities.mergeButton': 'Merge',
  'cities.merged': '{from} was merged into {into}.',
  'cities.gazetteerNoMerge': 'A gazetteer city is the real city: merge duplicates into it from their own page.',
  'cities.createUnverified': 'Create an unverified city for a name no city goes by (instead of refusing the row)',
};

const zhCN: Record<keyof typeof en, string> = {
  citiesMostMembersFirst: '{count} 个城市，会员最多的在前',
  citiesMostMembersFirst_one: '{count} 个城市，会员最多的在前',
  province: '省份',
  population: '人口',
  timeZone: '时区',
  noCities: '还没有城市。应用启动时会载入中国城市行政区划表。',
  cityRanking: '城市排名',
  rankingIntro: '下一场同城会该去哪里；冷却期内的城市排在已排名城市之后。',
  rankingOrder: '排序',
  order_members: '会员数',
  'order_never-invited': '从未受邀',
  order_density: '密度',
  perTenThousand: '每万人',
  neverInvited: '从未受邀',
  whyHere: '排名理由',
  'cities.nameZh': '中文名',
  'cities.code': '行政区划代码（GB/T 2260）',
  'cities.coordinates': '坐标',
  'cities.aliases': '名称与写法',
  'cities.aliasesHelp': '导入和 API 按以下任一写法匹配（大小写、全角半角、撇号、空格、“市”字和声调均不影响）。',
  'cities.aliasKind.name': '名称',
  'cities.aliasKind.alias': '别名',
  'cities.aliasKind.pinyin': '拼音',
  'cities.aliasKind.county': '下辖县级名称',
  'cities.unverified': '未核实',
  'cities.unverifiedHelp':
    '导入时遇到无法识别的城市名而创建了这个城市。请核实：如果它是另一个名字的真实城市，请把它合并到那个城市。',
  'cities.fromGazetteer': '来自中国城市行政区划表（GB/T 2260）。',
  'cities.merge': '合并到另一个城市',
  'cities.mergeHelp': '一步把这个城市的会员和同城会移到所选城市；这个城市的名称成为其别名，下次导入会直接匹配到那里。',
  'cities.mergeInto': '真实城市',
  'cities.mergeButton': '合并',
  'cities.merged': '{from} 已合并到 {into}。',
  'cities.gazetteerNoMerge': '行政区划表中的城市就是真实城市：请从重复城市的页面把它合并进来。',
  'cities.createUnverified': '遇到无法识别的城市名时创建“未核实”城市（而不是拒绝该行）',
};

export const citiesStrings = { en, 'zh-CN': zhCN };
