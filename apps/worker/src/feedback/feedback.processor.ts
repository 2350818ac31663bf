import { Injectable } from '@nestjs/common';
import { JobName, QueueName, type ReceivedJobOf } from '@moderation/contracts';
import { dispatchByName, type HandlersByName } from '../queues/dispatch-by-name';
import type { JobHandler } from '../queues/queue-consumer';
import { DecisionRecorder } from '../records/decision.recorder';
import { StartupRecorder } from '../records/startup.recorder';
import { FeedbackRecorder } from './feedback.recorder';

/**
 * Runs the feedback queue's jobs, each kind by its recorder: reports, moderators' decisions and
 * worker starts. A job name it does not know fails for good.
 */
@Injectable()
export class FeedbackProcessor implements JobHandler<QueueName.Feedback> {
  private readonly handlers: HandlersByName<QueueName.Feedback>;

  constructor(feedback: FeedbackRecorder, decisions: DecisionRecorder, starts: StartupRecorder) {
    this.handlers = {
      [JobName.RecordFeedback]: (data, job) => feedback.record(data, job.attemptsMade + 1),
      [JobName.RecordDecision]: (data, job) => decisions.record(data, job.attemptsMade + 1),
      [JobName.RecordStartup]: (data, job) => starts.record(data, job.attemptsMade + 1),
    };
  }

  process(job: ReceivedJobOf<QueueName.Feedback>): Promise<void> {
    return dispatchByName(QueueName.Feedback, job, this.handlers);
  }
}
