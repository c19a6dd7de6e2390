import { GAZETTEER, gazetteerNames } from '../cities/city-gazetteer.service';
import { CityNameIndex, normaliseCityName } from '../cities/city-name';
import { citySpelling, cityWeights, fullWidth, pickWeighted } from './demo-data';

describe('demo cities', () => {
  // The index an import builds, over the committed gazetteer (ids = positions).
  const index = new CityNameIndex(
    GAZETTEER.map((c, id) => ({ id, code: c.code, label: c.nameZh })),
    GAZETTEER.flatMap((c, id) =>
      gazetteerNames(c).map((n) => ({ cityId: id, key: normaliseCityName(n.alias), kind: n.kind })),
    ),
  );

  it('spells each city in the mix a forum export has, and every spelling names that city', () => {
    const xian = GAZETTEER.find((c) => c.code === '610100')!;
    const spellings = new Set(Array.from({ length: 100 }, (_, i) => citySpelling(xian, i / 100)));
    expect(spellings).toEqual(new Set(['西安', '西安市', 'Xi’an', "Xi'an", 'xian', 'XI’AN', fullWidth('Xi’an')]));
    const wrong = GAZETTEER.flatMap((c, id) =>
      Array.from({ length: 20 }, (_, i) => citySpelling(c, i / 20))
        .filter((s) => index.cityIdOf(s) !== id)
        .map((s) => `${c.code} ${c.nameZh}: ${s}`),
    );
    expect(wrong).toEqual([]);
  });

  it('gives bigger cities more weight, and a city of unknown size a small one', () => {
    const weights = cityWeights([{ population: 10_000_000 }, { population: 200_000 }, { population: null }]);
    let big = 0;
    for (let i = 0; i < 1000; i++) if (pickWeighted(weights, (i + 0.5) / 1000) === 0) big++;
    expect(big).toBeGreaterThan(950);
    expect(weights[weights.length - 1]).toBeCloseTo(1);
  });
});
