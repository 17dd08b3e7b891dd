import { buildMultipart, newDraftKey } from '../../miniapp/src/services/reports';

const text = (buf: ArrayBuffer) => Buffer.from(buf).toString('latin1');

describe('buildMultipart (weapp sends 1–3 photos in one request)', () => {
  it('encodes UTF-8 fields and binary files between boundaries', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const body = buildMultipart(
      { description: '井盖缺失', lat: '39.9' },
      [{ field: 'photos', filename: 'a.jpg', type: 'image/jpeg', data: png.buffer }],
      'B',
    );
    const raw = Buffer.from(body);
    expect(raw.toString('utf8')).toContain('name="description"\r\n\r\n井盖缺失\r\n');
    expect(text(body)).toContain(
      'Content-Disposition: form-data; name="photos"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n',
    );
    expect(raw.includes(Buffer.from(png))).toBe(true);
    expect(text(body).endsWith('--B--\r\n')).toBe(true);
  });
});

describe('draft keys', () => {
  it('are unique and accepted by the server (8–64 of [A-Za-z0-9_-])', () => {
    const a = newDraftKey();
    expect(a).toMatch(/^[\w-]{8,64}$/);
    expect(newDraftKey()).not.toBe(a);
  });
});
