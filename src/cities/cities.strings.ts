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
  noCities: 'No cities yet. Cities appear when members are imported.',
  cityRanking: 'City ranking',
  rankingIntro: 'Where the next meetups should go; cities in cool-down follow the ranked ones.',
  rankingOrder: 'Order',
  order_members: 'members',
  'order_never-invited': 'never invited',
  order_density: 'density',
  perTenThousand: 'Per 10,000 residents',
  neverInvited: 'Never invited',
  whyHere: 'Why here',
  'rank.whyMembers': '#{rank} by registered members: {value}; {last}',
  'rank.whyDensity': '#{rank} by members per 10,000 residents: {value} ({members} members); {last}',
  'rank.whyNeverInvited': '#{rank} by members never invited: {value} ({members} members); {last}',
  'rank.whyNoPopulation':
    '#{rank}: population unknown, so no density; placed after cities with a known density ({members} members; {last})',
  'rank.whyCoolDown': 'in cool-down until {until}: last meetup {last}, {weeks} weeks rest',
  'rank.whyNone': 'not ranked',
  'rank.lastMeetup': 'last meetup {date}',
  'rank.neverHad': 'never had a meetup',
  'rank.chartLabel': 'Registered members of the top {count} cities',
  mapTitle: 'Map of the ranking',
  mapIntro:
    'Each circle is a city, its area in proportion to its registered members. The same numbers are in the table.',
  mapLabel: 'Map of China with {count} cities drawn as circles sized by registered members',
  mapCircle: '{city}: {count} members',
  mapNotPlaced: 'Not on the map (place unknown): {cities}',
  mapSource:
    'Outline: Natural Earth (public domain). City places: GeoNames. Provinces are not drawn: no maintained offline package with their borders and a clear licence was found.',
};

const zhCN: Record<keyof typeof en, string> = {
  citiesMostMembersFirst: '{count} 个城市，会员最多的在前',
  citiesMostMembersFirst_one: '{count} 个城市，会员最多的在前',
  province: '省份',
  population: '人口',
  timeZone: '时区',
  noCities: '还没有城市。导入会员后城市会出现在这里。',
  cityRanking: '城市排名',
  rankingIntro: '下一场同城会该去哪里；冷却期内的城市排在已排名城市之后。',
  rankingOrder: '排序',
  order_members: '会员数',
  'order_never-invited': '从未受邀',
  order_density: '密度',
  perTenThousand: '每万名居民',
  neverInvited: '从未受邀',
  whyHere: '排名理由',
  'rank.whyMembers': '按注册会员数排第 {rank}：{value}；{last}',
  'rank.whyDensity': '按每万名居民中的会员数排第 {rank}：{value}（{members} 位会员）；{last}',
  'rank.whyNeverInvited': '按从未受邀的会员数排第 {rank}：{value}（{members} 位会员）；{last}',
  'rank.whyNoPopulation': '第 {rank}：人口未知，无法计算密度，排在已知密度的城市之后（{members} 位会员；{last}）',
  'rank.whyCoolDown': '冷却期至 {until}：上次同城会 {last}，休整 {weeks} 周',
  'rank.whyNone': '未排名',
  'rank.lastMeetup': '上次同城会 {date}',
  'rank.neverHad': '从未举办过同城会',
  'rank.chartLabel': '会员最多的前 {count} 个城市的注册会员数',
  mapTitle: '排名地图',
  mapIntro: '每个圆代表一个城市，面积与注册会员数成正比。同样的数字列在表格中。',
  mapLabel: '中国地图，{count} 个城市以圆表示，大小按注册会员数',
  mapCircle: '{city}：{count} 位会员',
  mapNotPlaced: '未能在地图上标出（位置未知）：{cities}',
  mapSource:
    '轮廓：Natural Earth（公有领域）。城市位置：GeoNames。未绘制省界：没有找到带省界、许可清楚且可离线使用的维护中的数据包。',
};

export const citiesStrings = { en, 'zh-CN': zhCN };
