/** Types for `prosody.mjs`: a project-local Prosody for development, tests and CI. */

/** The XMPP domain every local server serves: `localhost`. */
export declare const DOMAIN: 'localhost';

/** A user account to create. */
export interface ProsodyUser {
  readonly username: string;
  readonly password: string;
}

/** Demo users alice, bob, carol, dave with passwords `<name>-pass`. */
export declare const DEMO_USERS: readonly ProsodyUser[];

/** Options of {@link startProsody}. */
export interface StartProsodyOptions {
  /** Server folder (config, data, logs). Default: a new temp folder, removed by `stop()`. A given folder is kept. */
  readonly dir?: string;
  /** TCP c2s port; default: a free port. */
  readonly c2sPort?: number;
  /** HTTP port (WebSocket at `/xmpp-websocket`); default: a free port. */
  readonly httpPort?: number;
  /** Accounts to create, all in one shared roster group (they see each other's presence). Default {@link DEMO_USERS}. */
  readonly users?: readonly ProsodyUser[];
  /** No shared roster group: the accounts are strangers, nobody follows anybody's presence. */
  readonly strangers?: boolean;
  /** Only these accounts (user names) share the roster group, as each other's contacts; the others are strangers. */
  readonly contacts?: readonly string[];
  /** Let the server outlive this process (the CLI uses this). */
  readonly detached?: boolean;
  /** Enable XEP-0215 external services (mod_turn_external) for a coturn with `use-auth-secret`. */
  readonly turn?: { readonly secret: string; readonly host?: string; readonly port: number; readonly ttl?: number };
  /** Enable stream management with resumption (XEP-0198, mod_smacks), as Prosody's stock config does. */
  readonly smacks?: boolean;
  /** More modules to enable (a self-hoster's config: `csi_simple`, say). */
  readonly modules?: readonly string[];
  /** Global settings that replace the generated ones of the same name, as Lua (`{ c2s_require_encryption: 'true' }`). */
  readonly settings?: Readonly<Record<string, string>>;
}

/** A running local Prosody. */
export interface ProsodyServer {
  readonly pid: number;
  /** `ws://127.0.0.1:<http>/xmpp-websocket` */
  readonly wsUrl: string;
  /** `xmpp://127.0.0.1:<c2s>` */
  readonly tcpUrl: string;
  readonly domain: 'localhost';
  readonly dir: string;
  readonly configPath: string;
  readonly logPath: string;
  readonly c2sPort: number;
  readonly httpPort: number;
  /** The created accounts with their bare JIDs. */
  readonly users: readonly (ProsodyUser & { readonly jid: string })[];
  /** SIGTERM, wait up to 5 s, SIGKILL; removes the folder if it was a temp one. Idempotent. */
  stop(): Promise<void>;
}

/** Starts Prosody and resolves once its WebSocket endpoint answers (10 s deadline, PID watched). */
export declare function startProsody(options?: StartProsodyOptions): Promise<ProsodyServer>;

/** Installs Prosody with apt-get when missing and root; otherwise throws with instructions. */
export declare function ensureProsody(options?: { log?: (message: string) => void }): Promise<void>;

/** Creates a user or resets its password (works while the server runs). */
export declare function registerUser(configPath: string, username: string, password: string): Promise<void>;

/** A free TCP port on 127.0.0.1. */
export declare function freePort(): Promise<number>;

/** Whether something accepts TCP connections on 127.0.0.1:`port` now. */
export declare function tcpOpen(port: number): Promise<boolean>;

/** The generated Lua config. */
export declare function prosodyConfig(options: {
  dir: string;
  c2sPort: number;
  httpPort: number;
  turn?: StartProsodyOptions['turn'];
  smacks?: boolean;
  modules?: StartProsodyOptions['modules'];
  settings?: StartProsodyOptions['settings'];
}): string;

/** Whether a PID is a live (non-zombie) process. */
export declare function isAlive(pid: number): boolean;

/** SIGTERM, wait up to `graceMs` (5 s), then SIGKILL. */
export declare function stopPid(pid: number, options?: { graceMs?: number }): Promise<void>;
