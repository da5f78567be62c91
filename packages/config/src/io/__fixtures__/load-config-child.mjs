// Loads the config file named by argv[2] with the built @dd/config and prints "ok" or the error's kind and message.
import { loadConfig } from '../../../dist/index.js';

try {
  await loadConfig(process.argv[2]);
  console.log('ok');
} catch (error) {
  console.log(`${error.kind ?? error.name}: ${error.message}`);
  if (error.fix) console.log(`fix: ${error.fix}`);
}
