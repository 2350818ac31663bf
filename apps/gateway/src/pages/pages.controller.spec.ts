import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceUnavailableError } from '../errors/gateway-errors';
import { PredictionService } from '../prediction/prediction.service';
import { fakeModerationService } from '../testing/fake-moderation';
import { ModerationService } from '../moderation/moderation.service';
import { controllerSetup, type TestApp } from '../testing/controller-setup';
import { fakePredictionService, needsReview, prediction } from '../testing/fake-prediction';
import { noImageSelected, photoForm, storedNameOf, tinyPng } from '../testing/photos';
import { UploadsModule } from '../uploads/uploads.module';
import { PagesController } from './pages.controller';

const stored = storedNameOf(tinyPng);
const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const client = { accept: 'application/json' };
/** The form's class menu: each option's value and text, in order. */
const classOptions = (html: string) => {
  const menu = /<select[^>]*name=['"]correctLabel['"][^>]*>([\s\S]*?)<\/select>/.exec(html);
  return [...(menu?.[1] ?? '').matchAll(/<option value=(['"])(.*?)\1>([^<]*)<\/option>/g)].map(
    ([, , value, text]) => [value, text],
  );
};
/** The probability bars: each class and its percentage, in order. */
const bars = (html: string) =>
  [
    ...html.matchAll(
      /<span class=['"]label['"]>([^<]*)<\/span>[\s\S]*?<span class=['"]value['"]>([^<]*)<\/span>/g,
    ),
  ].map(([, label, percent]) => [label, percent]);

describe('PagesController (in process)', () => {
  let app: TestApp;
  let predictions: ReturnType<typeof fakePredictionService>;
  let moderations: ReturnType<typeof fakeModerationService>;

  beforeEach(async () => {
    predictions = fakePredictionService(needsReview);
    moderations = fakeModerationService();
    app = await controllerSetup({
      imports: [UploadsModule],
      controllers: [PagesController],
      providers: [
        { provide: PredictionService, useValue: predictions },
        { provide: ModerationService, useValue: moderations },
      ],
    });
  });

  afterEach(() => app.close());

  /** An upload stored by an earlier request, as the result page finds it. */
  const storeUpload = () => writeFileSync(join(app.env.UPLOAD_DIR, stored), tinyPng);

  it('shows the upload form as an HTML page', async () => {
    const response = await app.fetch('/', { headers: browser });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toMatch(
      /<form[^>]*method=['"]post['"][^>]*action=['"]\/['"][^>]*enctype=['"]multipart\/form-data['"]/,
    );
    expect(html).toMatch(/<input[^>]*type=['"]file['"][^>]*name=['"]file['"]/);
    // A blank form: no result and no report form until a photo is checked.
    expect(html).not.toContain('correctLabel');
  });

  it('classifies a posted photo and redirects to its result page (303)', async () => {
    const response = await app.fetch('/', { method: 'POST', headers: browser, body: photoForm() });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`/results/${stored}`);
    expect(readdirSync(app.env.UPLOAD_DIR)).toEqual([stored]);
    // A photo uploaded through the page is moderated like one sent to /predict.
    expect(moderations.open).toHaveBeenCalledWith(
      expect.objectContaining({ storedName: stored }),
      undefined,
    );
  });

  it('renders a stored result: class, score, verdict and why, percentages and the report form', async () => {
    storeUpload();
    const response = await app.fetch(`/results/${stored}`, { headers: browser });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/<strong id=['"]prediction['"]>Sexy<\/strong>/);
    expect(html).toMatch(/<strong id=['"]score['"]>0.5521<\/strong> \(55.2 %\)/);
    expect(html).toContain('Needs review: hold this image until someone checks it');
    expect(html).toContain('Sexy is 55.2 %, at or above its review threshold of 40.0 %.');
    expect(bars(html)).toEqual([
      ['Drawing', '1.0 %'],
      ['Hentai', '2.0 %'],
      ['Neutral', '40.0 %'],
      ['Porn', '1.8 %'],
      ['Sexy', '55.2 %'],
    ]);
    expect(html).toContain(`src='/uploads/${stored}'`);
    expect(classOptions(html)).toEqual([
      ['', '(not sure)'],
      ['Drawing', 'Drawing'],
      ['Hentai', 'Hentai'],
      ['Neutral', 'Neutral'],
      ['Porn', 'Porn'],
      ['Sexy', 'Sexy'],
    ]);
    expect(html).not.toContain('Thank you: your report was recorded.');
    // A still image: no frame to name.
    expect(html).not.toContain('decisive-frame');
  });

  it('names the frame of an animation that decided', async () => {
    storeUpload();
    predictions.predict.mockImplementationOnce(async (upload) =>
      prediction({
        ...needsReview,
        storedName: upload.storedName,
        frames: { total: 40, classified: 16, decisive: 13 },
      }),
    );
    const response = await app.fetch(`/results/${stored}`, { headers: browser });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(
      /<p\s+class=['"]why['"]\s+id=['"]decisive-frame['"]\s*>Frame 14 of 40 decided<\/p>/,
    );
  });

  it('shows the model asked for in the query', async () => {
    storeUpload();
    const response = await app.fetch(`/results/${stored}?model=inception_v3`, {
      headers: browser,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Model: inception_v3');
  });

  it('thanks the user after a report', async () => {
    storeUpload();
    const response = await app.fetch(`/results/${stored}?reported=1`, { headers: browser });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Thank you: your report was recorded.');
  });

  it('answers a name never stored with 404: a page for a browser, the error shape for a client', async () => {
    const unknown = `/results/${'cd'.repeat(32)}.png`;
    const page = await app.fetch(unknown, { headers: browser });
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('No stored upload has that name');

    const json = await app.fetch(unknown, { headers: client });
    expect(json.status).toBe(404);
    expect(await json.json()).toEqual({
      statusCode: 404,
      error: 'not-found',
      message: 'No stored upload has that name',
    });
    expect(predictions.predict).not.toHaveBeenCalled();
  });

  it('refuses a malformed model id in the query with 400', async () => {
    storeUpload();
    const response = await app.fetch(`/results/${stored}?model=Bad!`, { headers: client });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      statusCode: 400,
      error: 'bad-request',
      message: 'model must be a model id such as mobilenet_v2',
    });
  });

  it.each<[string, () => { headers?: Record<string, string>; body: FormData | string }, string]>([
    ['no file part', () => ({ body: modelOnly() }), 'No file part'],
    ['no file chosen', noImageSelected, 'No image selected for uploading'],
  ])('shows a browser that posted %s the page with 400 and why', async (_case, form, message) => {
    const { headers, body } = form();
    const response = await app.fetch('/', {
      method: 'POST',
      headers: { ...browser, ...headers },
      body,
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(new RegExp(`role=['"]alert['"]>${message}<`));
    expect(html).toMatch(/<form[^>]*id=['"]upload-form['"]/);
  });

  it('shows a browser the page with 503 when nothing can classify', async () => {
    predictions.predict.mockRejectedValueOnce(
      new ServiceUnavailableError('The service cannot classify right now: Redis is unreachable'),
    );
    const response = await app.fetch('/', { method: 'POST', headers: browser, body: photoForm() });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain(
      'The service cannot classify right now: Redis is unreachable',
    );
  });

  it('sends /favicon.ico on to the icon for good (301), which is served', async () => {
    const response = await app.fetch('/favicon.ico');
    expect(response.status).toBe(301);
    const location = response.headers.get('location') ?? '';
    expect(location).toBe('/static/favicon.svg');
    const icon = await app.fetch(location);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
  });
});

/** A multipart form without a `file` part. */
function modelOnly(): FormData {
  const form = new FormData();
  form.append('comment', 'sent without a photo');
  return form;
}
