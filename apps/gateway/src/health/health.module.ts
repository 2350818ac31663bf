import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';
import { ServiceAvailability } from './service-availability';

@Module({
  controllers: [HealthController],
  providers: [HealthService, ServiceAvailability],
  exports: [ServiceAvailability],
})
export class HealthModule {}
