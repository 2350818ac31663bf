import { Logger } from '@nestjs/common';
import { JobName, type FeedbackQueue, type StartupRecordData } from '@moderation/contracts';
import type { InferenceService } from '@moderation/inference';
import { StartupAnnouncer } from './startup-announcer';

const policies = {
  mobilenet_v2: { reject: { Porn: 0.8 }, review: { Sexy: 0.6 } },
  inception_v3: { reject: { Porn: 0.85 }, review: { Sexy: 0.5 } },
};

const inference = {
  loadedModels: () => [
    { id: 'mobilenet_v2', version: '4.4.0-onnx.1', labels: [], default: true },
    { id: 'inception_v3', version: '4.4.0-onnx.1', labels: [], default: false },
  ],
  manifest: (id: keyof typeof policies) => ({ policy: policies[id] }),
} as unknown as InferenceService;

describe('StartupAnnouncer', () => {
  afterEach(() => jest.restoreAllMocks());

  beforeEach(() => jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined));

  it('queues one start record, its id as the job id, with every model and its thresholds', async () => {
    const add = jest.fn(async () => ({}));
    await new StartupAnnouncer({ add } as unknown as FeedbackQueue, inference).announce();

    expect(add).toHaveBeenCalledTimes(1);
    const [name, data, options] = add.mock.calls[0] as unknown as [
      string,
      StartupRecordData,
      { jobId: string },
    ];
    expect(name).toBe(JobName.RecordStartup);
    expect(options.jobId).toBe(data.startId);
    expect(data.startId).toMatch(/^[0-9a-f-]{36}$/);
    expect(data.models).toEqual([
      {
        id: 'mobilenet_v2',
        version: '4.4.0-onnx.1',
        default: true,
        thresholds: policies.mobilenet_v2,
      },
      {
        id: 'inception_v3',
        version: '4.4.0-onnx.1',
        default: false,
        thresholds: policies.inception_v3,
      },
    ]);
    expect(data.host).toEqual(expect.any(String));
  });

  it('warns and goes on when Redis does not take the job', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const add = jest.fn(async () => {
      throw new Error('Connection is closed.');
    });
    await expect(
      new StartupAnnouncer({ add } as unknown as FeedbackQueue, inference).announce(),
    ).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/could not queue start .*closed/));
  });
});
