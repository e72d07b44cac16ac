// What the Redis-compatible server at hand can do. Decided by asking it (INFO server, MODULE LIST,
// and probing FT._LIST / JSON.TYPE), never by version numbers alone: Redis 8 has the Query Engine
// built in without listing it the way Stack did, Valkey bundles its own modules, Dragonfly
// implements FT.* natively and has no MODULE command, and Debian's Redis 7.0 has none of it.
import { StoreUnavailableError } from '../types';
import type { RedisCommander } from './connection';
import { isUnknownCommand, replyArray, replyRecord, replyString } from './replies';

export type ServerKind = 'redis' | 'valkey' | 'dragonfly' | 'unknown';

export interface ServerCapabilities {
  serverKind: ServerKind;
  version: string;
  /** Module names as MODULE LIST reports them; [] when the server has none or no MODULE command. */
  modules: string[];
  /** MODULE LIST answered (false on servers without the command). */
  modulesKnown: boolean;
  hasSearch: boolean;
  hasJson: boolean;
  /** Why hasSearch is what it is, for the store selection reason. */
  searchNote: string;
}

/** A key that is never written: JSON.TYPE on it answers nil when JSON exists, an error otherwise. */
const JSON_PROBE_KEY = 'keel:capability-probe:json';

export async function detectCapabilities(redis: RedisCommander): Promise<ServerCapabilities> {
  const info = parseInfo(replyString(await redis.send(['INFO', 'server'])) ?? '');
  const { serverKind, version } = identifyServer(info);

  let modules: string[] = [];
  let modulesKnown = false;
  try {
    modules = parseModuleList(await redis.send(['MODULE', 'LIST']));
    modulesKnown = true;
  } catch (error) {
    // Dragonfly and some managed services have no (or a forbidden) MODULE command: not fatal.
    if (error instanceof StoreUnavailableError) throw error;
  }

  let hasSearch = false;
  let searchNote: string;
  try {
    await redis.send(['FT._LIST']);
    hasSearch = true;
    searchNote = 'FT._LIST answers';
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error;
    searchNote = isUnknownCommand(error)
      ? 'FT._LIST unknown'
      : `FT._LIST refused: ${(error as Error).message}`;
  }

  let hasJson = false;
  try {
    await redis.send(['JSON.TYPE', JSON_PROBE_KEY]);
    hasJson = true;
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error;
  }

  return { serverKind, version, modules, modulesKnown, hasSearch, hasJson, searchNote };
}

/** "Redis 7.0.15" / "Valkey 8.1.1 (search, json)" — for reasons and diagnostics. */
export function describeServer(caps: ServerCapabilities): string {
  const name = {
    redis: 'Redis',
    valkey: 'Valkey',
    dragonfly: 'Dragonfly',
    unknown: 'Redis-compatible server',
  }[caps.serverKind];
  const modules = caps.modules.length ? ` (${caps.modules.join(', ')})` : '';
  return `${name} ${caps.version}${modules}`;
}

/** `INFO` text → field map (lines "key:value", sections "# Server" skipped). */
export function parseInfo(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) out.set(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return out;
}

export function identifyServer(info: Map<string, string>): {
  serverKind: ServerKind;
  version: string;
} {
  if (info.has('dragonfly_version')) {
    return {
      serverKind: 'dragonfly',
      version: info.get('dragonfly_version')!.replace(/^df-v?/, ''),
    };
  }
  if (info.has('valkey_version') || info.get('server_name')?.toLowerCase() === 'valkey') {
    return {
      serverKind: 'valkey',
      version: info.get('valkey_version') ?? info.get('redis_version') ?? 'unknown',
    };
  }
  if (info.has('redis_version'))
    return { serverKind: 'redis', version: info.get('redis_version')! };
  return { serverKind: 'unknown', version: 'unknown' };
}

/** MODULE LIST → names. RESP2: [[name, n, ver, v, ...], ...]; RESP3: [{name, ver, ...}, ...]. */
export function parseModuleList(reply: unknown): string[] {
  const names: string[] = [];
  for (const entry of replyArray(reply)) {
    const name = replyString(replyRecord(entry)?.get('name'));
    if (name) names.push(name);
  }
  return names;
}
