import { Module } from '@nestjs/common';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';
import type { NextFunction, Request, Response } from 'express';
import { QueueName } from '@moderation/contracts';
import { DataTeamAuth, dataTeamChallenge } from '../data-team/data-team-auth';

/** Bull Board, the operators' view of the queues, at `/admin/queues` behind the data team token. */
@Module({
  imports: [
    BullBoardModule.forRootAsync({
      inject: [DataTeamAuth],
      useFactory: (auth: DataTeamAuth) => ({
        route: '/admin/queues',
        adapter: ExpressAdapter,
        middleware: (request: Request, response: Response, next: NextFunction) => {
          try {
            auth.authorize(request.headers.authorization);
            next();
          } catch (error) {
            response.setHeader('WWW-Authenticate', dataTeamChallenge);
            next(error);
          }
        },
      }),
    }),
    BullBoardModule.forFeature(
      { name: QueueName.Prediction, adapter: BullMQAdapter },
      { name: QueueName.Feedback, adapter: BullMQAdapter },
      { name: QueueName.Review, adapter: BullMQAdapter },
      { name: QueueName.Batch, adapter: BullMQAdapter },
      { name: QueueName.Webhook, adapter: BullMQAdapter },
    ),
  ],
})
export class QueueBoardModule {}
