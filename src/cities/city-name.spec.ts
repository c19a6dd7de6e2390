import { CityNameIndex, editDistance, normaliseCityName } from './city-name';

describe('city names', () => {
  describe('normaliseCityName', () => {
    it.each([
      ['西安', '西安'],
      ['西安市', '西安'],
      ["Xi'an", 'xian'],
      ['Xi’an', 'xian'],
      ['Xiʼan', 'xian'],
      ['XIAN', 'xian'],
      ['ｘｉ＇ａｎ', 'xian'],
      ['Ｘｉ’ａｎ', 'xian'],
      ['  xi an  ', 'xian'],
      ['Xi-an', 'xian'],
      ['Xī’ān', 'xian'],
      ['Ürümqi', 'urumqi'],
      ['阿勒泰地区', '阿勒泰'],
      ['延边朝鲜族自治州', '延边朝鲜族'],
      ['锡林郭勒盟', '锡林郭勒'],
      ['Suzhou City', 'suzhou'],
      ['Suzhou, Anhui', 'suzhouanhui'],
    ])('%s → %s', (input, key) => {
      expect(normaliseCityName(input)).toBe(key);
    });

    it('keeps a suffix that is part of a one-character name (津市 is not 津)', () => {
      expect(normaliseCityName('津市')).toBe('津市');
    });

    it('leaves Latin names that end in "shi" alone (Huangshi is a city)', () => {
      expect(normaliseCityName('Huangshi')).toBe('huangshi');
    });
  });

  describe('CityNameIndex', () => {
    const index = () =>
      new CityNameIndex(
        [
          { id: 1, code: '610100', label: '西安 Xi’an' },
          { id: 2, code: '320500', label: '苏州 Suzhou' },
          { id: 3, code: '341300', label: '宿州 Suzhou, Anhui' },
          { id: 4, code: '370800', label: '济宁 Jining' },
        ],
        [
          { cityId: 1, key: normaliseCityName('西安'), kind: 'name' },
          { cityId: 1, key: normaliseCityName('Xi’an'), kind: 'name' },
          { cityId: 2, key: normaliseCityName('苏州'), kind: 'name' },
          { cityId: 2, key: normaliseCityName('Suzhou'), kind: 'name' },
          { cityId: 3, key: normaliseCityName('宿州'), kind: 'name' },
          { cityId: 3, key: normaliseCityName('Suzhou'), kind: 'pinyin' },
          { cityId: 2, key: normaliseCityName('昆山'), kind: 'county' },
          { cityId: 3, key: normaliseCityName('Jining'), kind: 'county' },
          { cityId: 4, key: normaliseCityName('Jining'), kind: 'pinyin' },
        ],
      );

    it('matches the code first, then any spelling of a name', () => {
      const i = index();
      expect(i.cityIdOf('610100')).toBe(1);
      for (const name of ['西安', '西安市', "Xi'an", 'xi’an', 'XIAN', 'Ｘｉ’ａｎ']) expect(i.cityIdOf(name)).toBe(1);
    });

    it('gives a key to the stronger kind: a name beats pinyin, pinyin beats a county', () => {
      const i = index();
      expect(i.cityIdOf('suzhou')).toBe(2);
      expect(i.cityIdOf('宿州市')).toBe(3);
      expect(i.cityIdOf('Jining')).toBe(4);
      expect(i.cityIdOf('昆山市')).toBe(2);
    });

    it('says which cities are nearest to an unknown name', () => {
      const i = index();
      expect(i.match('Xiann')).toEqual({ cityId: null, nearest: ['西安 Xi’an'] });
      expect(i.match('Atlantis')).toEqual({ cityId: null, nearest: [] });
      expect(i.match('苏洲')).toMatchObject({ cityId: null, nearest: expect.arrayContaining(['苏州 Suzhou']) });
    });
  });

  it('counts edits, giving up past the limit', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('西安', '西按')).toBe(1);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
  });
});
