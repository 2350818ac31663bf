/**
 * Every kind of body a browser or an HTTP client can send, for the table of requests that must
 * never get a 5xx. Each builds its own `fetch` options; `stored` is the name of a stored upload.
 */
export interface BodyCase {
  name: string;
  init(stored: string, photo: Buffer): RequestInit;
}

const json = (value: string): RequestInit => ({
  headers: { 'content-type': 'application/json' },
  body: value,
});

const form = (fields: Record<string, string>): RequestInit => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return { body: data };
};

export const everyBody: BodyCase[] = [
  { name: 'no body at all', init: () => ({}) },
  { name: 'an empty JSON object', init: () => json('{}') },
  { name: 'JSON null', init: () => json('null') },
  { name: 'a JSON array', init: () => json('[1, 2, 3]') },
  { name: 'a JSON string', init: () => json('"report"') },
  { name: 'malformed JSON', init: () => json('{"filename": ') },
  {
    name: 'JSON with every field of the wrong type',
    init: () => json('{"filename": 7, "prediction": [], "score": "high", "correctLabel": {}}'),
  },
  {
    name: 'JSON naming a class the model does not have',
    init: (stored) =>
      json(
        JSON.stringify({
          filename: stored,
          prediction: 'Neutral',
          score: 0.5,
          correctLabel: 'Banana',
        }),
      ),
  },
  {
    name: 'JSON over the body size limit',
    init: () => json(JSON.stringify({ comment: 'x'.repeat(300_000) })),
  },
  {
    name: 'an empty urlencoded form',
    init: () => ({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' }),
  },
  {
    name: 'a urlencoded form with nested and repeated fields',
    init: () => ({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'filename[a]=1&score=1&score=2&prediction[]=x&report[x]=y',
    }),
  },
  {
    name: 'the page form with the class left at "not sure" for a name never stored',
    init: () => ({
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        filename: `${'e'.repeat(64)}.png`,
        prediction: 'Neutral',
        score: '0.9',
        correctLabel: '',
      }).toString(),
    }),
  },
  { name: 'multipart text fields only', init: () => form({ prediction: 'Neutral', score: 'x' }) },
  {
    name: 'multipart with a photo',
    init: (_stored, photo) => {
      const data = new FormData();
      data.append('file', new Blob([new Uint8Array(photo)]), 'photo.png');
      data.append('correctLabel', 'Banana');
      return { body: data };
    },
  },
  {
    name: 'multipart without a boundary',
    init: () => ({ headers: { 'content-type': 'multipart/form-data' }, body: 'file=1' }),
  },
  {
    name: 'a multipart body cut short',
    init: () => ({
      headers: { 'content-type': 'multipart/form-data; boundary=cut' },
      body: '--cut\r\nContent-Disposition: form-data; name="score"\r\n\r\n0.5',
    }),
  },
  {
    name: 'plain text',
    init: () => ({ headers: { 'content-type': 'text/plain' }, body: 'hello' }),
  },
  {
    name: 'raw image bytes',
    init: (_stored, photo) => ({
      headers: { 'content-type': 'image/png' },
      body: new Uint8Array(photo),
    }),
  },
  {
    name: 'XML',
    init: () => ({ headers: { 'content-type': 'application/xml' }, body: '<report/>' }),
  },
];
