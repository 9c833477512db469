import 'reflect-metadata';
import { createApp } from './app.factory';
import { loadConfigOrExit } from '@ptce/server/config/app-config';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  console.log(`API prête sur ${config.publicUrl} (documentation : ${config.publicUrl}/api/docs)`);
}

main().catch((err) => {
  console.error(`Démarrage impossible : ${err?.message ?? err}`);
  process.exit(1);
});
