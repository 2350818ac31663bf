import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Request } from 'express';
import { JobName, QueueName, type BatchQueue } from '@moderation/contracts';
import { withRedisDeadline } from '../errors/redis-deadline';
import { GatewayEnv } from '../config/gateway-env';
import { fingerprintOf, IdempotencyStore } from '../idempotency/idempotency-store';
import {
  BatchFilesRefusedError,
  BatchNotFoundError,
  BatchReferencesMismatchError,
  NoBatchFilesError,
} from '../errors/gateway-errors';
import type { Principal } from '../moderation/moderation-auth';
import { ModerationService } from '../moderation/moderation.service';
import { UploadStore, type ReceivedFile, type StoredUpload } from '../uploads/upload-store';
import { checkCallbackUrl } from '../webhooks/callback-url';
import { CallbackUrlNotAllowedError } from '../webhooks/webhook-errors';
import type { BatchAcceptedDto, BatchDto, BatchItemDto } from './dto/batch.dto';
import type { CreateBatchDto } from './dto/create-batch.dto';
import { BatchStore } from './batch-store';

const redisTimeoutMs = 5000;

/**
 * Batches of photos from a shop's backend: stored and queued at once (202), each photo then
 * classified and moderated by a gateway's batch consumer, its events sent to the callback.
 */
@Injectable()
export class BatchService {
  constructor(
    private readonly uploads: UploadStore,
    private readonly store: BatchStore,
    private readonly moderations: ModerationService,
    @InjectQueue(QueueName.Batch) private readonly queue: BatchQueue,
    private readonly env: GatewayEnv,
    private readonly idempotency: IdempotencyStore,
  ) {}

  /**
   * Stores and queues a batch. With an `Idempotency-Key`, the same key and body within a day
   * answers the first batch again, queueing nothing (`replayed`).
   */
  async accept(
    files: ReceivedFile[] | undefined,
    form: CreateBatchDto,
    request: Request,
    owner: Principal,
    requestId: string,
    idempotencyKey?: string,
  ): Promise<{ batch: BatchAcceptedDto; replayed: boolean }> {
    const uploads = await this.keepAll(files ?? [], request);
    const references = form.reference ?? [];
    if (references.length > 0 && references.length !== uploads.length) {
      throw new BatchReferencesMismatchError(uploads.length, references.length);
    }
    const callbackUrl =
      form.callbackUrl === undefined ? undefined : this.callback(form.callbackUrl);
    const queue = () => this.queueBatch(uploads, references, form, callbackUrl, owner, requestId);
    if (idempotencyKey === undefined) return { batch: await queue(), replayed: false };
    const fingerprint = fingerprintOf(
      owner.name,
      ...uploads.map((upload) => upload.sha256),
      JSON.stringify(references),
      form.model,
      callbackUrl,
    );
    const once = await this.idempotency.once('batch', idempotencyKey, fingerprint, queue);
    return { batch: once.answer, replayed: once.replayed };
  }

  private async queueBatch(
    uploads: StoredUpload[],
    references: string[],
    form: CreateBatchDto,
    callbackUrl: string | undefined,
    owner: Principal,
    requestId: string,
  ): Promise<BatchAcceptedDto> {
    const batch = {
      id: randomUUID(),
      createdAt: new Date().toISOString(),
      owner: owner.name,
      items: uploads.map((_, i) => ({
        moderationId: randomUUID(),
        ...(references[i] ? { reference: references[i] } : {}),
      })),
    };
    await this.withRedis(async () => {
      await this.store.save(batch);
      await this.queue.addBulk(
        uploads.map((upload, i) => ({
          name: JobName.ModerateBatchItem,
          data: {
            batchId: batch.id,
            moderationId: batch.items[i].moderationId,
            storedName: upload.storedName,
            sha256: upload.sha256,
            size: upload.size,
            firstSeen: upload.firstSeen,
            requestId,
            ...(batch.items[i].reference ? { reference: batch.items[i].reference } : {}),
            ...(form.model ? { model: form.model } : {}),
            ...(callbackUrl ? { callbackUrl } : {}),
          },
          opts: { jobId: batch.items[i].moderationId },
        })),
      );
    });
    return {
      id: batch.id,
      items: batch.items.map((item) => ({
        moderationId: item.moderationId,
        reference: item.reference ?? null,
        status: 'queued',
      })),
    };
  }

  /** Every photo's state: done with the moderation's, or where its job is. */
  async status(id: string): Promise<BatchDto> {
    const batch = await this.withRedis(() => this.store.find(id));
    if (!batch) throw new BatchNotFoundError(id);
    const items = await Promise.all(
      batch.items.map(async (item): Promise<BatchItemDto> => {
        const base = { moderationId: item.moderationId, reference: item.reference ?? null };
        const moderation = await this.moderations.existing(item.moderationId);
        if (moderation) return { ...base, status: 'done', state: moderation.state };
        const job = await this.withRedis(() => this.queue.getJob(item.moderationId));
        const state = job ? await this.withRedis(() => job.getState()) : 'unknown';
        if (state === 'active') return { ...base, status: 'classifying' };
        if (state === 'failed' || state === 'unknown') {
          return { ...base, status: 'failed', error: job?.failedReason || 'the job is gone' };
        }
        return { ...base, status: 'queued' };
      }),
    );
    return {
      id: batch.id,
      createdAt: batch.createdAt,
      done: items.filter((item) => item.status === 'done').length,
      items,
    };
  }

  /** Keeps every photo, or refuses the batch naming each photo that cannot be taken. */
  private async keepAll(files: ReceivedFile[], request: Request): Promise<StoredUpload[]> {
    if (files.length === 0) throw new NoBatchFilesError();
    const kept = await Promise.allSettled(files.map((file) => this.uploads.keep(file, request)));
    const problems = kept.flatMap((result, i) =>
      result.status === 'rejected'
        ? [`files[${i}] (${files[i].originalname.slice(0, 100)}): ${reasonOf(result.reason)}`]
        : [],
    );
    if (problems.length > 0) throw new BatchFilesRefusedError(problems);
    return kept.map((result) => (result as PromiseFulfilledResult<StoredUpload>).value);
  }

  private callback(url: string): string {
    if (!this.env.WEBHOOK_SECRET) {
      throw new CallbackUrlNotAllowedError('Callbacks are off: WEBHOOK_SECRET is not set');
    }
    return checkCallbackUrl(url, this.env.webhookAllowedHosts);
  }

  private withRedis<T>(commands: () => Promise<T>): Promise<T> {
    return withRedisDeadline(commands, 'Batches are unavailable: Redis is unreachable', {
      timeoutMs: redisTimeoutMs,
    });
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
