import { barChartSvg } from './report-chart';

describe('report bar chart', () => {
  const chart = {
    id: 'rating',
    title: 'Mean rating',
    desc: 'Wuhan 4.5, Chengdu 3.0',
    max: 5,
    bars: [
      { label: 'Wuhan <2027-01-16>', value: 4.5, shown: '4.5' },
      { label: 'Chengdu', value: null, shown: '—' },
    ],
  };

  it('is an image with a title and a description naming every number', () => {
    const svg = barChartSvg(chart);
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="rating-title rating-desc"/);
    expect(svg).toContain('<title id="rating-title">Mean rating</title>');
    expect(svg).toContain('<desc id="rating-desc">Wuhan 4.5, Chengdu 3.0</desc>');
  });

  it('draws bars in proportion to the maximum, writes each value beside its bar and escapes labels', () => {
    const svg = barChartSvg(chart);
    expect(svg).toContain('width="315.0"'); // 4.5 / 5 of 350
    expect(svg).toContain('width="0.0"');
    expect(svg).toContain('&#60;2027-01-16&#62;');
    expect(svg).toContain('>4.5</text>');
    expect(svg).toContain('>—</text>');
  });

  it('refuses an id that could break out of its attribute', () => {
    expect(() => barChartSvg({ ...chart, id: '"><script>' })).toThrow(RangeError);
  });
});
