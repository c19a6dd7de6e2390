/**
 * The engineers pages' words, in both languages; src/strings.ts merges every feature's table.
 * `{name}` is filled from the parameters; a key ending in `_one` is used when `count` is 1.
 * A refusal's English text is what the JSON API answers, word for word.
 */
const en = {
  engineerMissing: 'There is no engineer {id}.',
  engineerCodeTaken: 'Engineer ID {code} is already taken.',
  engineerCityOrAreaMissing: 'The home city or a product area does not exist.',
  addEngineer: 'Add an engineer',
  newEngineer: 'New engineer',
  editEngineer: 'Edit {code}',
  engineerId: 'Engineer ID',
  engineerIdHelp: 'Public: fans see it on board items. E and 3–6 digits, e.g. E1024.',
  productAreas: 'Product areas',
  homeCity: 'Home city',
  availability: 'Availability',
  availabilityPlaceholder: 'e.g. weekends; not in March',
  active: 'Active',
  inactive: 'inactive',
  edit: 'Edit',
  noEngineers:
    'No engineers yet. Add the engineers who will meet fans: each gets a public engineer ID that fans see on the product boards.',
  engineerAdded: 'Engineer {code} {name} added.',
  engineerSaved: 'Engineer {code} saved.',
};

const zhCN: Record<keyof typeof en, string> = {
  engineerMissing: '没有工程师 {id}。',
  engineerCodeTaken: '工程师 ID {code} 已被占用。',
  engineerCityOrAreaMissing: '常驻城市或某个产品领域不存在。',
  addEngineer: '添加工程师',
  newEngineer: '新工程师',
  editEngineer: '编辑 {code}',
  engineerId: '工程师编号',
  engineerIdHelp: '公开：粉丝会在产品看板上看到。E 加 3–6 位数字，例如 E1024。',
  productAreas: '产品领域',
  homeCity: '常驻城市',
  availability: '可出行时间',
  availabilityPlaceholder: '例如：周末；三月不行',
  active: '在职',
  inactive: '已停用',
  edit: '编辑',
  noEngineers: '还没有工程师。添加将与粉丝见面的工程师：每人有一个公开的工程师编号，粉丝会在产品看板上看到。',
  engineerAdded: '已添加工程师 {code} {name}。',
  engineerSaved: '工程师 {code} 已保存。',
};

export const engineersStrings = { en, 'zh-CN': zhCN };
