import { decodeUtf8 } from '../../src/dataset/decodeUtf8';

describe('decodeUtf8', () => {
  it('strips a byte-order mark and reports no bad lines for valid text', () => {
    expect(decodeUtf8(Buffer.from('\uFEFFcafé\nß\n'))).toEqual({ text: 'café\nß\n', invalidLines: [] });
  });

  it('names every line with invalid bytes, including a truncated sequence on the last line', () => {
    const bytes = Buffer.concat([
      Buffer.from('ok\n'),
      Buffer.from([0x80]),
      Buffer.from('\nok\n'),
      Buffer.from([0xe2, 0x82]),
    ]);
    const decoded = decodeUtf8(bytes);
    expect(decoded.invalidLines).toEqual([2, 4]);
    expect(decoded.text.split('\n')[2]).toBe('ok');
  });
});
