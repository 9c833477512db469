import { BullModule, InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Module } from '@nestjs/common';
import { Job, Queue } from 'bullmq';

export const HEALTH_QUEUE = 'health';

/** Answers pings: lets `GET /api/health` and the tests check that a worker consumes jobs. */
@Processor(HEALTH_QUEUE)
export class HealthProcessor extends WorkerHost {
  async process(job: Job<{ sentAt: string }>): Promise<{ pong: string; workerPid: number }> {
    return { pong: job.data.sentAt, workerPid: process.pid };
  }
}

@Injectable()
export class HealthQueueClient {
  constructor(@InjectQueue(HEALTH_QUEUE) readonly queue: Queue) {}
}

@Module({
  imports: [BullModule.registerQueue({ name: HEALTH_QUEUE, defaultJobOptions: { removeOnComplete: 100, removeOnFail: 100 } })],
  providers: [HealthProcessor, HealthQueueClient],
  exports: [HealthQueueClient],
})
export class HealthQueueModule {}
