import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JobName, QueueName } from '@moderation/contracts';
import { ModelVersions } from '../prediction/model-versions';
import { fakeModerationService } from '../testing/fake-moderation';
import { ModerationService } from '../moderation/moderation.service';
import { controllerSetup, testDataTeamToken, type TestApp } from '../testing/controller-setup';
import { announcedModelsQueue, queueProvider, recordingQueue } from '../testing/fake-queues';
import { UploadStore } from '../uploads/upload-store';
import { FeedbackCsvReader } from './feedback-csv.reader';
import { FeedbackController } from './feedback.controller';
import { FeedbackService } from './feedback.service';

const stored = `${'ab'.repeat(32)}.png`;
const browser = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...browser },
  body: new URLSearchParams(fields).toString(),
});
const pageReport = {
  filename: stored,
  prediction: 'Neutral',
  score: '0.93',
  model: 'mobilenet_v2',
  correctLabel: '',
  comment: '',
};

describe('FeedbackController (in process)', () => {
  let app: TestApp;
  let queue: ReturnType<typeof recordingQueue>;
  let moderations: ReturnType<typeof fakeModerationService>;

  async function start(env: Record<string, string> = {}): Promise<TestApp> {
    queue = recordingQueue();
    moderations = fakeModerationService();
    const started = await controllerSetup({
      controllers: [FeedbackController],
      providers: [
        FeedbackService,
        FeedbackCsvReader,
        ModelVersions,
        UploadStore,
        queueProvider(QueueName.Feedback, queue),
        queueProvider(QueueName.Prediction, announcedModelsQueue()),
        { provide: ModerationService, useValue: moderations },
      ],
      env,
    });
    writeFileSync(join(started.env.UPLOAD_DIR, stored), 'stored bytes');
    return started;
  }

  beforeEach(async () => {
    app = await start();
  });

  afterEach(() => app.close());

  it('queues a JSON report and answers 202 with its id', async () => {
    const response = await app.fetch('/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        filename: stored,
        prediction: 'Sexy',
        score: 0.9,
        correctLabel: 'Neutral',
      }),
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { reportId: string };
    expect(queue.added).toEqual([
      {
        name: JobName.RecordFeedback,
        data: expect.objectContaining({
          reportId: body.reportId,
          storedName: stored,
          prediction: 'Sexy',
          correctLabel: 'Neutral',
          source: 'json',
        }),
        options: { jobId: body.reportId },
      },
    ]);
    // The reported photo goes to a person, with what the user said.
    expect(moderations.reports).toEqual([
      { reportId: body.reportId, storedName: stored, correctLabel: 'Neutral', comment: undefined },
    ]);
  });

  it('sends a browser back to the result it reported, with the class left at "not sure"', async () => {
    const response = await app.fetch('/feedback', form(pageReport));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(
      `/results/${stored}?model=mobilenet_v2&reported=1`,
    );
    expect(queue.added[0].data).toMatchObject({ source: 'page', correctLabel: undefined });
  });

  it('answers the same form from a client with JSON, urlencoded or multipart', async () => {
    const urlencoded = await app.fetch('/feedback', {
      ...form(pageReport),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const multipart = new FormData();
    for (const [name, value] of Object.entries(pageReport)) multipart.append(name, value);
    const fromMultipart = await app.fetch('/feedback', { method: 'POST', body: multipart });
    for (const response of [urlencoded, fromMultipart]) {
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ success: true, reportId: expect.any(String) });
    }
    expect(queue.added).toHaveLength(2);
  });

  it("answers the original service's report field from a browser with the page", async () => {
    const response = await app.fetch(
      '/feedback',
      form({ report: `{'filename': '${stored}', 'prediction': 'Porn', 'score': 1. }` }),
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Thank you: your report was recorded.');
    expect(queue.added[0].data).toMatchObject({ source: 'report', prediction: 'Porn', score: 1 });
  });

  it.each([
    ['a class the model does not have', { correctLabel: 'Banana' }, 400, 'unknown-label'],
    ['a predicted class the model does not have', { prediction: 'Cat' }, 400, 'unknown-label'],
    ['a file never stored', { filename: `${'cd'.repeat(32)}.png` }, 400, 'unknown-file'],
    ['a score out of range', { score: '7' }, 400, 'bad-request'],
  ])('refuses %s with the error shape and queues nothing', async (_case, change, status, code) => {
    const response = await app.fetch('/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...pageReport, score: 0.5, ...change }),
    });
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({
      statusCode: status,
      error: code,
      message: expect.any(String),
    });
    expect(queue.added).toEqual([]);
  });

  it.each([
    ['text/plain', { 'content-type': 'text/plain' }, 'filename=x', 415],
    ['XML', { 'content-type': 'application/xml' }, '<report/>', 415],
    ['no body at all', {}, undefined, 400],
    ['malformed JSON', { 'content-type': 'application/json' }, '{"filename": ', 400],
  ])('answers %s with a 4xx in the error shape', async (_case, headers, body, status) => {
    const response = await app.fetch('/feedback', { method: 'POST', headers, body });
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({ statusCode: status, error: expect.any(String) });
  });

  it('shows a browser the page with the reason when its report is refused', async () => {
    const response = await app.fetch('/feedback', form({ ...pageReport, correctLabel: 'Banana' }));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toContain('correctLabel must be one of the model');
  });

  it('answers 503 and queues nothing when Redis does not take the report in time', async () => {
    queue.add.mockImplementation(() => new Promise(() => undefined));
    const response = await app.fetch('/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...pageReport, score: 0.5 }),
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: 'unavailable' });
  });

  it('lets only the data team export and review, and says how to sign in', async () => {
    for (const path of ['/feedback/export', '/feedback/review']) {
      const denied = await app.fetch(path);
      expect(denied.status).toBe(401);
      expect(denied.headers.get('www-authenticate')).toMatch(/^Basic/);
      const allowed = await app.fetch(path, {
        headers: { authorization: `Bearer ${testDataTeamToken}` },
      });
      expect(allowed.status).toBe(200);
    }
    const csv = await app.fetch('/feedback/export', {
      headers: { authorization: `Bearer ${testDataTeamToken}` },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  });

  it('keeps the data team routes off (404) when no token is configured', async () => {
    await app.close();
    app = await start({ DATA_TEAM_TOKEN: '' });
    expect((await app.fetch('/feedback/export')).status).toBe(404);
  });
});
