import { searchKey } from './search-key';

describe('search key for similar items', () => {
  it('keeps Latin words, lower-cased, without punctuation', () => {
    expect(searchKey('Night-mode for the CAMERA!')).toBe('night mode for the camera');
  });

  it('turns Chinese into ASCII words of neighbouring characters, so a shared phrase shares words', () => {
    const long = searchKey('相机夜景模式');
    const short = searchKey('夜景模式');
    expect(long).toMatch(/^[a-z0-9 ]+$/);
    for (const word of short.split(' ')) expect(long.split(' ')).toContain(word);
    expect(searchKey('夜')).toMatch(/^[0-9a-z]{3}$/);
    expect(searchKey('夜景')).toBe(searchKey('夜') + searchKey('景'));
    expect(searchKey('夜景')).not.toBe(searchKey('景夜'));
  });

  it('handles mixed text', () => {
    expect(searchKey('5G 信号 weak')).toBe(`5g ${searchKey('信号')} weak`);
  });
});
