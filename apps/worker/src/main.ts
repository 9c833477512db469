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
  // Past config.workerShutdownTimeoutMs (a download stuck on DS) the process leaves with code 1 and the job, still
  // locked, comes back to the next worker once its lock expires.
  // Our own handlers rather than enableShutdownHooks(): Nest's re-raise the signal once closed, so the process would
  // end "killed by SIGTERM" instead of exiting 0 after a clean stop.
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`Arrêt du worker (${signal}) : plus de nouvelle tâche, les imports en cours s’arrêtent au prochain dossier.`);
    const timer = setTimeout(() => {
      console.error('Arrêt du worker trop long : sortie forcée.');
      process.exit(1);
    }, config.workerShutdownTimeoutMs);
    timer.unref();
    app.close().then(
      () => {
        console.log('Worker arrêté.');
        process.exit(0);
      },
      (err: unknown) => {
        console.error(`Arrêt du worker en erreur : ${(err as Error)?.message ?? err}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  console.log('Worker prêt : traitement des files BullMQ.');
}

main().catch((err) => {
  console.error(`Démarrage du worker impossible : ${err?.message ?? err}`);
  process.exit(1);
});
