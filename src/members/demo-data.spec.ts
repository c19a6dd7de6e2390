import { chineseCities, cityWeights, pickWeighted } from './demo-data';

const city = (cityId: number, name: string, adminCode: string, population: number) => ({
  cityId,
  name,
  country: 'CN',
  adminCode,
  population,
});

describe('demo cities', () => {
  it('keeps each name unique by adding the province to the smaller namesake', () => {
    const cities = chineseCities([
      city(1, 'Suzhou', '04', 5_000_000),
      city(2, 'Suzhou', '01', 600_000),
      city(3, 'Urumqi', '13', 3_000_000),
    ]);
    expect(cities.map((c) => [c.name, c.timeZone])).toEqual([
      ['Suzhou', 'Asia/Shanghai'],
      ['Urumqi', 'Asia/Urumqi'],
      ['Suzhou, Anhui', 'Asia/Shanghai'],
    ]);
  });

  it('gives bigger cities more weight', () => {
    const cities = chineseCities([city(1, 'Big', '30', 10_000_000), city(2, 'Small', '30', 200_000)]);
    const weights = cityWeights(cities);
    let big = 0;
    for (let i = 0; i < 1000; i++) if (pickWeighted(weights, (i + 0.5) / 1000) === 0) big++;
    expect(big).toBeGreaterThan(950);
    expect(weights[weights.length - 1]).toBeCloseTo(1);
  });
});
