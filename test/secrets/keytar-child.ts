// Run by keytar.test.ts inside a private D-Bus session with an unlocked gnome-keyring: exercises the
// real KeytarSecretStore against the real Secret Service and prints the results as one JSON line.
import { openKeytarStore } from '../../electron/secrets/keytar-store';

async function main() {
  const opened = await openKeytarStore();
  if (!opened.ok) {
    process.stdout.write(JSON.stringify({ opened: false, reason: opened.reason }) + '\n');
    return;
  }
  const store = opened.store;
  const results: Record<string, unknown> = {
    opened: true,
    backend: store.backend,
    detail: store.detail,
  };
  results.initial = await store.get('geminiApiKey');
  await store.set('geminiApiKey', 'AIza-first-value');
  results.afterSet = await store.get('geminiApiKey');
  await store.set('geminiApiKey', 'AIza-second-value');
  results.afterOverwrite = await store.get('geminiApiKey');
  results.otherName = await store.get('redisUrl');
  await store.delete('geminiApiKey');
  results.afterDelete = await store.get('geminiApiKey');
  await store.delete('geminiApiKey');
  results.deleteTwice = 'ok';
  process.stdout.write(JSON.stringify(results) + '\n');
}

main().catch((error: unknown) => {
  process.stdout.write(JSON.stringify({ error: String(error) }) + '\n');
  process.exitCode = 1;
});
