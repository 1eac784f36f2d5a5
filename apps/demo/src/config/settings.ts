/**
 * Where the demo finds its server and how it tunes the call engine. Three sources, strongest first:
 * the page's query string (handy for tests and bookmarks), `/demo-config.json` (written by `scripts/demo.mjs`
 * for the Prosody it just started), then `VITE_XMPP_WS_URL` / `VITE_XMPP_DOMAIN` at build time, then the
 * defaults of a local Prosody on its standard port.
 */
import { DEFAULT_CONFIG, MAX_TIMER_MS, MIN_STATS_INTERVAL_MS } from '@meshcall/core';

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
  /**
   * What was wrong with the engine values of the URL and what was used instead, one sentence each: the engine
   * refuses such values, and a refused setting would make every sign-in fail.
   */
  readonly notices: readonly string[];
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

/** A query value that is a whole number of ms the engine accepts, noting anything else in `notices`. */
function duration(query: URLSearchParams, name: string, min: number, notices: string[]): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= min && value <= MAX_TIMER_MS) return value;
  notices.push(
    `?${name}=${raw} was ignored: it must be a whole number of milliseconds from ${min} to ${MAX_TIMER_MS}.`,
  );
  return undefined;
}

/**
 * The engine overrides of the URL, brought within what `new CallClient` accepts: a value it refuses would
 * fail every sign-in, so it is ignored or clamped, and `notices` says which and why.
 */
function engineOverrides(query: URLSearchParams, notices: string[]): EngineOverrides {
  const answerTimeout = duration(query, 'answerTimeout', 1, notices);
  let dialingInterval = duration(query, 'dialingInterval', 1, notices);
  const disconnectTimeout = duration(query, 'disconnectTimeout', 1, notices);
  let statsInterval = duration(query, 'statsInterval', 0, notices) ?? DEFAULT_STATS_INTERVAL;
  if (statsInterval > 0 && statsInterval < MIN_STATS_INTERVAL_MS) {
    notices.push(
      `?statsInterval=${statsInterval} was raised to ${MIN_STATS_INTERVAL_MS} ms, the shortest the engine samples (0 turns the figures off).`,
    );
    statsInterval = MIN_STATS_INTERVAL_MS;
  }
  // The engine re-sends a call every dialingInterval while it rings, so that interval cannot exceed the ring.
  const ring = answerTimeout ?? DEFAULT_CONFIG.answerTimeout;
  if ((dialingInterval ?? DEFAULT_CONFIG.dialingInterval) > ring) {
    if (dialingInterval !== undefined) {
      notices.push(
        `?dialingInterval=${dialingInterval} was lowered to ${ring} ms: it can't be longer than the answer timeout.`,
      );
    }
    dialingInterval = ring;
  }
  return {
    ...(answerTimeout !== undefined ? { answerTimeout } : {}),
    ...(dialingInterval !== undefined ? { dialingInterval } : {}),
    ...(disconnectTimeout !== undefined ? { disconnectTimeout } : {}),
    statsInterval,
  };
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
  const notices: string[] = [];
  const engine = engineOverrides(query, notices);
  return {
    wsUrl: nonEmpty(query.get('ws')) ?? file.wsUrl ?? nonEmpty(env.VITE_XMPP_WS_URL) ?? DEFAULT_WS_URL,
    domain: nonEmpty(query.get('domain')) ?? file.domain ?? nonEmpty(env.VITE_XMPP_DOMAIN) ?? DEFAULT_DOMAIN,
    demoUsers: file.users ?? DEFAULT_DEMO_USERS,
    engine,
    notices,
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
