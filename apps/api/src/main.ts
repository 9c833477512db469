import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const app = await createApp(config);
  await app.listen(config.port, '0.0.0.0');
  console.log(`API prête sur ${config.publicUrl} (documentation : ${config.publicUrl}/api/docs)`);
}

main().catch((err) => {
  console.error(`Démarrage impossible : ${err?.message ?? err}`);
  process.exit(1);
});
