import { csv, csvCell } from './report-csv';

describe('report CSV', () => {
  it('starts with a UTF-8 BOM, ends lines with CRLF and quotes as RFC 4180 says', () => {
    const text = csv(
      ['city', 'rate'],
      [
        ['Wuhan, Hubei', 0.5],
        ['"Quoted"', null],
      ],
    );
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text).toBe('\ufeffcity,rate\r\n"Wuhan, Hubei",0.5\r\n"""Quoted""",\r\n');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses text a spreadsheet would run as a formula, but keeps negative numbers as numbers', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell(-8)).toBe('-8');
    expect(csvCell('武汉')).toBe('武汉');
    expect(csvCell(Number.NaN)).toBe('');
  });
});
