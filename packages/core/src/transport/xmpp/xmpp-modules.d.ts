/**
 * Types of the xmpp.js modules create-client.ts composes, as far as it uses them. Their DefinitelyTyped
 * packages load Node's typings (through `@xmpp/events`) and a global `JSX` namespace (`@types/xmpp__xml`);
 * these few lines keep both out of meshcall. Internal: none of it is in meshcall's public types.
 */

declare module '@xmpp/client-core' {
  import type { Element } from 'ltx';
  import type { XmppJid } from './xmpp-client.js';

  export class Client {
    constructor(options: { service: string; domain: string; timeout?: number });
    jid: XmppJid | null;
    readonly status: string;
    isSecure(): boolean;
    on(event: string, listener: (...args: never[]) => unknown): this;
    removeListener(event: string, listener: (...args: never[]) => unknown): this;
    listenerCount(event: string): number;
    start(): Promise<unknown>;
    stop(): Promise<unknown>;
    /** Opens the socket (the first step of `start()` and of every reconnection). */
    connect(service: string): Promise<unknown>;
    /** The current socket, once one was made. */
    readonly socket: { end(): void; emit(event: string, ...args: unknown[]): boolean } | null | undefined;
    send(stanza: Element): Promise<void>;
  }
  export function jid(local: string, domain: string): XmppJid;
}

declare module '@xmpp/middleware' {
  export default function middleware(options: { entity: object }): object;
}

declare module '@xmpp/stream-features' {
  export default function streamFeatures(options: { middleware: object }): object;
}

declare module '@xmpp/iq/caller.js' {
  import type { Element } from 'ltx';
  export interface IqCaller {
    request(stanza: Element, timeout?: number): Promise<Element>;
  }
  export default function iqCaller(options: { middleware: object; entity: object }): IqCaller;
}

declare module '@xmpp/iq/callee.js' {
  import type { Element } from 'ltx';

  /** What a handler returns: an element (the result's child), `true` (an empty result), nothing (an error). */
  type Handler = (context: { stanza: Element }) => object | boolean | undefined;
  export interface IqCallee {
    get(namespace: string, name: string, handler: Handler): void;
    set(namespace: string, name: string, handler: Handler): void;
  }
  export default function iqCallee(options: { middleware: object; entity: object }): IqCallee;
}

declare module '@xmpp/reconnect' {
  export interface Reconnect {
    on(event: string, listener: (...args: never[]) => unknown): unknown;
    removeListener(event: string, listener: (...args: never[]) => unknown): unknown;
    stop(): unknown;
  }
  export default function reconnect(options: { entity: object }): Reconnect;
}

declare module '@xmpp/websocket' {
  export default function websocket(options: { entity: object }): object;
}

declare module '@xmpp/sasl' {
  /** Authenticates with `credentials` by `mechanism`. */
  type Authenticate = (credentials: { username: string; password: string }, mechanism: string) => Promise<void>;
  export default function sasl(
    options: { streamFeatures: object; saslFactory: object },
    onAuthenticate: (authenticate: Authenticate, mechanisms: readonly string[]) => Promise<void>,
  ): object;
}

declare module '@xmpp/sasl-plain' {
  export default function saslPlain(factory: object): void;
}

declare module '@xmpp/stream-management' {
  export default function streamManagement(options: { streamFeatures: object; entity: object; middleware: object }): {
    on(event: string, listener: (...args: never[]) => unknown): unknown;
    /** Whether stream management is on for the current stream. */
    readonly enabled: boolean;
  };
}

declare module '@xmpp/resource-binding' {
  export default function resourceBinding(
    options: { iqCaller: object; streamFeatures: object },
    resource: string,
  ): object;
}

declare module 'saslmechanisms' {
  export default class SASLFactory {}
}
