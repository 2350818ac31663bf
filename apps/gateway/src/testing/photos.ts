import { createHash } from 'node:crypto';

/** A real 1×1 PNG (68 bytes): the gateway decides the type by these bytes, not by a name. */
export const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/** A PDF's first bytes: not an image, whatever it is called. */
export const pdfBytes = Buffer.from(
  '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n',
  'latin1',
);

/** The name the gateway stores bytes under: their SHA-256 and their real type. */
export function storedNameOf(bytes: Buffer, type = 'png'): string {
  return `${createHash('sha256').update(bytes).digest('hex')}.${type}`;
}

/** A multipart form with a `file` part, as a client or a browser sends one. */
export function photoForm(
  bytes: Buffer = tinyPng,
  { name = 'photo.png', type = 'image/png', fields = {} as Record<string, string> } = {},
): FormData {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  for (const [field, value] of Object.entries(fields)) form.append(field, value);
  return form;
}

/**
 * What a browser sends when its form is submitted with no file chosen: a `file` part with an
 * empty file name. Written out by hand because `FormData` drops the empty `filename=""`, which
 * turns the part into a plain field and would test the "no file part" case instead.
 */
export function noImageSelected(): { headers: Record<string, string>; body: string } {
  const boundary = '----browser-form-boundary-7MA4YWxkTrZu0gW';
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename=""',
      'Content-Type: application/octet-stream',
      '',
      '',
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  };
}
