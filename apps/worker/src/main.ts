import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfigOrExit } from '@ptce/server/config/app-config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // The worker must not open the dev mail sink's port (the API owns it): it only sends to it.
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...config, processRole: 'worker' }), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  console.log('Worker prêt : traitement des files BullMQ.');
}

main().catch((err) => {
  console.error(`Démarrage du worker impossible : ${err?.message ?? err}`);
  process.exit(1);
});
