import { firstNameOf } from './asker-name';

describe('asker first name', () => {
  it('keeps the first word of a spaced name and the given name of a Chinese one', () => {
    expect(firstNameOf('Anna Schmidt')).toBe('Anna');
    expect(firstNameOf('  Wei  Li ')).toBe('Wei');
    expect(firstNameOf('王小明')).toBe('小明');
    expect(firstNameOf('李')).toBe('李');
    expect(firstNameOf('Madonna')).toBe('Madonna');
  });
});
