/**
 * The dashboard's words, in both languages; src/strings.ts merges every feature's table.
 * `{name}` is filled from the parameters; a key ending in `_one` is used when `count` is 1.
 * A refusal's English text is what the JSON API answers, word for word.
 */
const en = {
  counts: 'Counts',
  startHere: 'Start here',
  startImport: '<a href="/members/import">Import your members</a> from the forum\'s export (CSV).',
  startEngineers: '<a href="/engineers/new">Add the engineers</a> who will meet fans.',
  startCities: 'Then look at the <a href="/cities">cities</a>: the ones with the most members go first.',
  nextMeetups: 'Next meetups',
  noMeetups: 'No meetups planned yet. Meetups are planned from the city ranking.',
  dashboardSteward:
    'You check fans in at the door. <a href="/check-in">Meetups at the door</a> lists the meetups whose check-in opens today; each one\'s list of attendees opens 3 hours before its start.',
  dashboardEngineer:
    'Your meetups and the questions fans ask you appear here once the community team assigns you to a meetup. Use the menu under your name to change your language or password.',
  toDo: 'What needs doing now',
  nothingToDo: 'Nothing waits for you: no deadline close with seats free, no announcement to publish, no dead letters.',
  membersExact: 'subscribed members, counted exactly',
  dueBy: 'by {0}',
};

const zhCN: Record<keyof typeof en, string> = {
  counts: '数量',
  startHere: '从这里开始',
  startImport: '从论坛导出的会员名单（CSV）<a href="/members/import">导入会员</a>。',
  startEngineers: '<a href="/engineers/new">添加工程师</a>，他们将与粉丝见面。',
  startCities: '然后查看<a href="/cities">城市</a>：会员最多的城市优先。',
  nextMeetups: '即将举行的同城会',
  noMeetups: '还没有计划中的同城会。同城会根据城市排名来安排。',
  dashboardSteward:
    '你负责在门口为粉丝签到。<a href="/check-in">今日签到</a>列出今天开放签到的同城会；每场的参加者名单在开始前 3 小时开放。',
  dashboardEngineer:
    '社区团队将你分配到同城会后，你的同城会和粉丝向你提出的问题会显示在这里。可在你名字下的菜单中更改语言或密码。',
  toDo: '现在要做的事',
  nothingToDo: '暂无待办：没有临近截止且有空位的同城会，没有待发布的公告，也没有死信。',
  membersExact: '未退订的会员，精确计数',
  dueBy: '截止 {0}',
};

export const dashboardStrings = { en, 'zh-CN': zhCN };
