/**
 * Where the demo finds its server and how it tunes the call engine. Three sources, strongest first:
 * the page's query string (handy for tests and bookmarks), `/demo-config.json` (written by `scripts/demo.mjs`
 * for the Prosody it just started), then `VITE_XMPP_WS_URL` / `VITE_XMPP_DOMAIN` at build time, then the
 * defaults of a local Prosody on its standard port.
 */

/** A demo account offered by the sign-in picker. */
export interface DemoUser {
  readonly username: string;
  readonly password: string;
}

/** Engine timers and sampling that a test may want shorter than the defaults (all in ms). */
export interface EngineOverrides {
  readonly answerTimeout?: number;
  readonly dialingInterval?: number;
  readonly disconnectTimeout?: number;
  /** Interval of the sessions' `stats` events; the demo defaults to 1000 for its quality panel. */
  readonly statsInterval: number;
}

/** Everything the app needs before anyone signs in. */
export interface DemoSettings {
  /** The XMPP WebSocket endpoint, e.g. `ws://127.0.0.1:5280/xmpp-websocket`. */
  readonly wsUrl: string;
  /** The XMPP domain of the demo users (`localhost` for the local Prosody). */
  readonly domain: string;
  readonly demoUsers: readonly DemoUser[];
  readonly engine: EngineOverrides;
  /** Play a ring tone for incoming calls. */
  readonly ringtone: boolean;
  /** `?user=…`: preselect (or, with {@link DemoSettings.autologin}, sign in as) this user. */
  readonly user: string | null;
  /** `?password=…`, for users that are not demo users. */
  readonly password: string | null;
  /** `?autologin=1`: sign in at once with {@link DemoSettings.user}. */
  readonly autologin: boolean;
}

/** The shape of `/demo-config.json`; every field is optional. */
export interface DemoConfigFile {
  readonly wsUrl?: string;
  readonly domain?: string;
  readonly users?: readonly DemoUser[];
}

/** Build-time environment values (Vite's `import.meta.env`). */
export interface DemoEnv {
  readonly VITE_XMPP_WS_URL?: string;
  readonly VITE_XMPP_DOMAIN?: string;
}

/** A local Prosody on its standard HTTP port (what `scripts/prosody` gives with `--http-port 5280`). */
export const DEFAULT_WS_URL = 'ws://127.0.0.1:5280/xmpp-websocket';
export const DEFAULT_DOMAIN = 'localhost';
export const DEFAULT_STATS_INTERVAL = 1000;

/** The accounts `scripts/prosody` creates: `<name>` / `<name>-pass`. */
export const DEFAULT_DEMO_USERS: readonly DemoUser[] = ['alice', 'bob', 'carol', 'dave'].map((username) => ({
  username,
  password: `${username}-pass`,
}));

function nonEmpty(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** A positive whole number of ms from the query string, or `undefined` when absent or not a number. */
function duration(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 0 ? value : undefined;
}

function isDemoUser(value: unknown): value is DemoUser {
  if (typeof value !== 'object' || value === null) return false;
  const { username, password } = value as Record<string, unknown>;
  return typeof username === 'string' && username !== '' && typeof password === 'string';
}

/** Keeps only the well-formed fields of a parsed `/demo-config.json` (it is hand-editable). */
export function sanitizeConfigFile(raw: unknown): DemoConfigFile {
  if (typeof raw !== 'object' || raw === null) return {};
  const record = raw as Record<string, unknown>;
  const users = Array.isArray(record.users) ? record.users.filter(isDemoUser) : undefined;
  return {
    ...(typeof record.wsUrl === 'string' && record.wsUrl ? { wsUrl: record.wsUrl } : {}),
    ...(typeof record.domain === 'string' && record.domain ? { domain: record.domain } : {}),
    ...(users && users.length > 0 ? { users } : {}),
  };
}

/** Combines the sources (query > config file > env > defaults) into the settings. Pure. */
export function resolveSettings(query: URLSearchParams, file: DemoConfigFile, env: DemoEnv): DemoSettings {
  const flag = (name: string) => ['1', 'true', 'yes'].includes((query.get(name) ?? '').toLowerCase());
  const answerTimeout = duration(query, 'answerTimeout');
  const dialingInterval = duration(query, 'dialingInterval');
  const disconnectTimeout = duration(query, 'disconnectTimeout');
  return {
    wsUrl: nonEmpty(query.get('ws')) ?? file.wsUrl ?? nonEmpty(env.VITE_XMPP_WS_URL) ?? DEFAULT_WS_URL,
    domain: nonEmpty(query.get('domain')) ?? file.domain ?? nonEmpty(env.VITE_XMPP_DOMAIN) ?? DEFAULT_DOMAIN,
    demoUsers: file.users ?? DEFAULT_DEMO_USERS,
    engine: {
      ...(answerTimeout !== undefined ? { answerTimeout } : {}),
      ...(dialingInterval !== undefined ? { dialingInterval } : {}),
      ...(disconnectTimeout !== undefined ? { disconnectTimeout } : {}),
      statsInterval: duration(query, 'statsInterval') ?? DEFAULT_STATS_INTERVAL,
    },
    ringtone: query.get('ring') !== '0',
    user: nonEmpty(query.get('user')) ?? null,
    password: query.get('password'),
    autologin: flag('autologin'),
  };
}

/** Reads `/demo-config.json`; a missing or broken file just means "no values from it". */
export async function fetchConfigFile(url = '/demo-config.json'): Promise<DemoConfigFile> {
  try {
    const response = await fetch(url, { cache: 'no-store' });
    if (!response.ok) return {};
    return sanitizeConfigFile(await response.json());
  } catch {
    return {};
  }
}

/** Loads the settings of this page. */
export async function loadSettings(): Promise<DemoSettings> {
  const file = await fetchConfigFile();
  return resolveSettings(new URLSearchParams(window.location.search), file, import.meta.env as DemoEnv);
}
