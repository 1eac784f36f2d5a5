/**
 * XEP-0215 (External Service Discovery): asks the XMPP server for its STUN/TURN services and turns them into
 * `RTCIceServer`s. Prosody offers them with mod_turn_external, including short-lived TURN REST credentials,
 * so apps need no TURN secret of their own.
 */
import xml from '@xmpp/xml';
import type { Element } from 'ltx';
import { MeshcallError } from '../../util/errors.js';
import type { XmppClient } from './xmpp-client.js';

/** The XEP-0215 namespace. */
export const EXTDISCO_NS = 'urn:xmpp:extdisco:2';

/** Options of {@link fetchIceServers}. */
export interface FetchIceServersOptions {
  /** Whom to ask. Default: the client's own domain. */
  readonly domain?: string | undefined;
  /** How long to wait for the answer (ms). Default 5 s. */
  readonly timeout?: number | undefined;
}

/** The host part of an ICE URL: IPv6 literals go in brackets. */
function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Whether `value` is a port number, 1–65535, in plain digits. */
function isPort(value: string): boolean {
  return /^[0-9]{1,5}$/.test(value) && Number(value) >= 1 && Number(value) <= 65_535;
}

/**
 * Converts `<service/>` elements to ICE servers: `stun:` entries (deduplicated: STUN URLs carry no
 * transport), `turn:`/`turns:` entries with `?transport=` and their credentials. Unknown types, entries
 * without a host or with a port outside 1–65535, and TURN entries without credentials (a browser cannot use
 * them, and `CallClient` refuses them) are skipped.
 */
export function iceServersFromServices(services: readonly Element[]): RTCIceServer[] {
  const servers: RTCIceServer[] = [];
  const seenStun = new Set<string>();
  for (const service of services) {
    const { type, transport, host, port, username, password } = service.attrs as Record<string, string | undefined>;
    if (!host || (type !== 'stun' && type !== 'turn' && type !== 'turns')) continue;
    if (port !== undefined && !isPort(port)) continue;
    const portPart = port === undefined ? '' : `:${port}`;
    if (type === 'stun') {
      const url = `stun:${urlHost(host)}${portPart}`;
      if (seenStun.has(url)) continue;
      seenStun.add(url);
      servers.push({ urls: url });
      continue;
    }
    const query = transport === 'udp' || transport === 'tcp' ? `?transport=${transport}` : '';
    if (!username || !password) continue;
    servers.push({ urls: `${type}:${urlHost(host)}${portPart}${query}`, username, credential: password });
  }
  return servers;
}

/**
 * Asks the server (XEP-0215) for STUN/TURN services. Resolves `[]` when the server has none or does not
 * support the protocol; rejects with `transport-offline` when the client is not online or the request fails
 * (timeout, connection lost). TURN credentials expire: fetch again for each call.
 */
export async function fetchIceServers(
  client: XmppClient,
  options: FetchIceServersOptions = {},
): Promise<RTCIceServer[]> {
  if (client.status !== 'online') {
    throw new MeshcallError('transport-offline', 'fetchIceServers: the XMPP client is not online');
  }
  const domain = options.domain ?? client.jid?.domain;
  if (!domain) throw new MeshcallError('invalid-config', 'fetchIceServers: no domain to ask');
  let reply: Element;
  try {
    reply = await client.iqCaller.request(
      xml('iq', { type: 'get', to: domain }, xml('services', { xmlns: EXTDISCO_NS })),
      options.timeout ?? 5_000,
    );
  } catch (error) {
    // A stanza error (service-unavailable, feature-not-implemented…) means "not offered here".
    if (error instanceof Error && error.name === 'StanzaError') return [];
    throw new MeshcallError('transport-offline', 'fetchIceServers: no answer from the server', { cause: error });
  }
  return iceServersFromServices(reply.getChild('services', EXTDISCO_NS)?.getChildren('service') ?? []);
}
