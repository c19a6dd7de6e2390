import { parse } from 'csv-parse/sync';
import { csvCell, csvFile } from './csv-export';

describe('CSV export', () => {
  it('neutralises cells that start like a formula (=, +, -, @, tab, CR) and leaves others alone', () => {
    for (const bad of ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) {
      expect(csvCell(bad)).toBe(`'${bad}`);
    }
    expect(csvCell('庞宇轩')).toBe('庞宇轩');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell(-3)).toBe(-3);
    expect(csvCell(null)).toBe('');
  });

  it('writes a UTF-8 BOM, a header, CRLF and quotes that parse back to the same cells', () => {
    const file = csvFile(
      ['name', 'note'],
      [
        ['庞宇轩', 'says "hi", twice'],
        ['=1+1', 'line\nbreak'],
      ],
    );
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.subarray(3).toString('utf8');
    expect(text.startsWith('name,note\r\n')).toBe(true);
    expect(parse(text)).toEqual([
      ['name', 'note'],
      ['庞宇轩', 'says "hi", twice'],
      ["'=1+1", 'line\nbreak'],
    ]);
  });
});
