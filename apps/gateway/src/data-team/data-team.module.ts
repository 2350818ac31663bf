import { Global, Module } from '@nestjs/common';
import { DataTeamAuth } from './data-team-auth';
import { DataTeamGuard } from './data-team.guard';

/** Who may use the data team's routes (feedback export and review, the queue dashboard). */
@Global()
@Module({
  providers: [DataTeamAuth, DataTeamGuard],
  exports: [DataTeamAuth, DataTeamGuard],
})
export class DataTeamModule {}
