import { cityName, cityNames } from './city-display';

describe('cityName', () => {
  it('names a gazetteer city in the reader’s language', () => {
    const urumqi = { name: 'Ürümqi', nameZh: '乌鲁木齐' };
    expect(cityName(urumqi, 'zh-CN')).toBe('乌鲁木齐');
    expect(cityName(urumqi, 'en')).toBe('Ürümqi');
  });

  it('keeps the only name a city created by an import has', () => {
    expect(cityName({ name: 'Atlantis', nameZh: null }, 'zh-CN')).toBe('Atlantis');
  });

  it('gives both names for a message shown later to a reader of either language', () => {
    expect(cityNames({ name: 'Ürümqi', nameZh: '乌鲁木齐' })).toEqual({ en: 'Ürümqi', 'zh-CN': '乌鲁木齐' });
    expect(cityNames({ name: 'Atlantis' })).toEqual({ en: 'Atlantis', 'zh-CN': 'Atlantis' });
  });
});
