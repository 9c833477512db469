import { QueueEvents } from 'bullmq';
import { HealthQueueClient } from '../../apps/worker/src/health/health-queue.module';
import { startTestApp, TestApp } from '../helpers/test-app';

describe('worker (BullMQ on real Redis)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('consumes a job from the health queue', async () => {
    const worker = await t.startWorker();
    const { queue } = worker.get(HealthQueueClient);
    const events = new QueueEvents(queue.name, { connection: { url: t.config.redisUrl } as never, prefix: `${t.config.redisPrefix}-bull` });
    await events.waitUntilReady();
    const job = await queue.add('ping', { sentAt: 'now' });
    const result = await job.waitUntilFinished(events, 10000);
    expect(result).toEqual({ pong: 'now', workerPid: process.pid });
    await events.close();
  });
});
