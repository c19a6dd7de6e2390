import { Readable } from 'node:stream';
import { CsvFormatError, CsvRecordScanner, OddRecord } from './csv-records';

/** Runs the scanner over `text` cut into chunks of `size` bytes; returns what it sends to COPY. */
async function scan(text: string | Buffer, size = Infinity) {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let k = 0; k < bytes.length; k += Math.min(size, bytes.length)) chunks.push(bytes.subarray(k, k + size));
  const odd: OddRecord[] = [];
  const scanner = new CsvRecordScanner(
    (names) => names,
    (record) => {
      odd.push(record);
      return record.values.some((v) => v?.includes('\u0000')) ? null : record.values;
    },
  );
  const out: Buffer[] = [];
  for await (const piece of Readable.from(chunks).pipe(scanner)) out.push(piece as Buffer);
  return { out: Buffer.concat(out).toString(), odd, received: scanner.received, header: scanner.header };
}

describe('CSV record scanner', () => {
  it('prefixes each record with the line it starts on, across quoted line breaks, blank lines and CRLF', async () => {
    const text = 'a,b,c\r\n1,"two\r\nlines",3\r\n\r\n4,5,6\r\n"7","8 ""q""","9\n\n"\n10,11,12';
    for (const size of [Infinity, 1, 2, 3, 7]) {
      const { out, header, received, odd } = await scan(text, size);
      expect(header).toEqual(['a', 'b', 'c']);
      expect(out).toBe('2,f,1,"two\r\nlines",3\n5,f,4,5,6\n6,t,"7","8 ""q""","9\n\n"\n9,f,10,11,12\n');
      expect(received).toBe(4);
      expect(odd).toEqual([]);
    }
  });

  it('skips a byte order mark and reads a quoted header', async () => {
    const { header, out } = await scan(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('"a",b\n1,2\n')]),
      1,
    );
    expect(header).toEqual(['a', 'b']);
    expect(out).toBe('2,f,1,2\n');
  });

  it('hands over records COPY would refuse: another field count, NUL, bad UTF-8, a bare CR', async () => {
    const bad = Buffer.from([0x78, 0xff, 0x79]);
    const text = Buffer.concat([
      Buffer.from('a,b,c\n1,2\n3,4,5,6\n7,8\u00009,x\n'),
      bad,
      Buffer.from(',y,z\nr\rs,t,u\n'),
    ]);
    const { out, odd, received } = await scan(text, 3);
    expect(odd.map((o) => o.at)).toEqual([2, 3, 4, 5, 6]);
    expect(odd[0].values).toEqual(['1', '2', undefined]);
    expect(odd[1].values).toEqual(['3', '4', '5']);
    expect(odd[3].fields).toEqual({ a: 'x\ufffdy', b: 'y', c: 'z' });
    expect(out).toBe('2,f,"1","2",\n3,f,"3","4","5"\n5,f,"x\ufffdy","y","z"\n6,f,"r\rs","t","u"\n');
    expect(received).toBe(5);
  });

  it('marks a record with a field that starts or ends with what trim removes', async () => {
    const spaced = ['a ,b', '"\u3000a",b', 'a,b\u00a0', 'a,"b\t"', 'a,\ufeffb', 'a,b\u2009'];
    const plain = ['a,b', '"a b",b', '成都,b\u3001', 'a,""', 'a,', 'é,b\u2010'];
    const { out } = await scan(`x,y\n${[...spaced, ...plain].join('\n')}\n`, 5);
    const marks = out
      .split('\n')
      .slice(0, -1)
      .map((l) => l.split(',')[1]);
    expect(marks).toEqual([...spaced.map(() => 't'), ...plain.map(() => 'f')]);
  });

  it.each([
    ['a quote inside an unquoted field', 'a,b\n1,x"y"\n', 2, /quote inside an unquoted field \(field 2\)/],
    ['text after a closing quote', 'a,b\n1,2\n"x"y,3\n', 3, /text after the closing quote of field 1/],
    ['a quote never closed', 'a,b\n1,2\n3,"open\nmore\n', 3, /opened on line 3 is never closed/],
  ])('refuses %s, naming the line', async (_what, text, line, message) => {
    const error = await scan(text, 2).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvFormatError);
    expect(error).toMatchObject({ line });
    expect((error as Error).message).toMatch(message);
  });
});
