import '../strings';
import OUTLINE from './china-outline.json';
import { chinaMapSvg, cityPlace, placeCities, project } from './china-map';

describe('map of China', () => {
  it('projects as d3-geo did when the outline was made', () => {
    for (const s of OUTLINE.samples) {
      const [x, y] = project(s.lon, s.lat);
      expect(x).toBeCloseTo(s.x, 6);
      expect(y).toBeCloseTo(s.y, 6);
    }
  });

  it('finds a city by name, and the namesake whose population is nearest', () => {
    const beijing = cityPlace('Beijing', null)!;
    expect(beijing[0]).toBeCloseTo(116.4, 0);
    expect(cityPlace('Atlantis', 10)).toBeNull();
  });

  it('sizes circles by members and places Beijing north-east of Chengdu, inside the box', () => {
    const placed = placeCities([
      { id: 1, name: 'Beijing', population: null, members: 400 },
      { id: 2, name: 'Chengdu', population: null, members: 100 },
      { id: 3, name: 'Atlantis', population: null, members: 50 },
    ]);
    expect(placed.map((c) => c.id)).toEqual([1, 2]);
    const [b, c] = placed;
    expect(b.r).toBeCloseTo(2 * c.r, 5);
    expect(b.x).toBeGreaterThan(c.x);
    expect(b.y).toBeLessThan(c.y);
    for (const p of placed) {
      expect(p.x).toBeGreaterThan(0);
      expect(p.x).toBeLessThan(OUTLINE.width);
      expect(p.y).toBeGreaterThan(0);
      expect(p.y).toBeLessThan(OUTLINE.height);
    }
  });

  it('draws the outline and a circle with a title per placed city, in the viewer language', () => {
    const svg = chinaMapSvg([{ id: 1, name: 'Beijing', population: null, members: 1200 }], 'zh-CN');
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('<path d="M');
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg).toContain('<title>Beijing：1,200 位会员</title>');
  });
});
