/**
 * A meshcall/1 peer written from docs/protocol.md alone: a plain @xmpp/client that builds and reads
 * `<signal xmlns="urn:meshcall:signal" v="1"/>` stanzas by hand, with none of meshcall's codec, sessions or
 * transport. It stands for another implementation of the document, so that doc-peer.xmpp.test.ts shows that the
 * document describes the wire meshcall speaks. Change it only when the document changes, and cite the section:
 * where it disagrees with meshcall, the document or meshcall is wrong, never this file.
 *
 * What it takes from the document: the envelope and its hints (§2), the signal attributes and children (§4),
 * session ids that name their caller (§4, "Session ids"), SDP written with LF line endings (§4), user info as
 * `<entry key>` children (§4). It has no WebRTC: SDPs and candidates are opaque text. Who sends what, to which
 * address and when (§3, §8) is left to each test, which says it step by step.
 */
import { createHash, randomBytes } from 'node:crypto';
import { xml } from '@xmpp/client';
import type { Element } from 'ltx';
import { type RawClient, startRawClient, waitFor } from '../testing/prosody.js';

/** §1: the namespace, which never changes. */
export const NS = 'urn:meshcall:signal';

/** One meshcall signal the peer received, read straight off the stanza. */
export interface Received {
  readonly from: string;
  readonly to: string;
  readonly type: string | undefined;
  readonly kind: string;
  readonly session: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly signal: Element;
  readonly message: Element;
}

/** §3: participants are bare JIDs in lower case. */
export function bare(jid: string): string {
  return (jid.split('/')[0] ?? jid).toLowerCase();
}

/** §4 "Session ids": the first 16 bytes of SHA-256("meshcall-session" LF nonce LF callerBareJid), base64url. */
export function sessionTag(nonce: string, callerBare: string): string {
  return createHash('sha256')
    .update(`meshcall-session\n${nonce}\n${callerBare.toLowerCase()}`, 'utf8')
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/** §4 "Session ids": a nonce of 16 random bytes in base64url (22 characters), then the tag. */
export function newSessionId(callerBare: string): string {
  const nonce = randomBytes(16).toString('base64url');
  return nonce + sessionTag(nonce, callerBare);
}

/**
 * An SDP for the peer's side of a link (§4: it starts with `v=0`, LF line endings). `mark` goes in its `o=` line,
 * so that a test can find the meshcall connection that took it.
 */
export function sdp(mark: number, kinds: readonly ('audio' | 'video')[] = ['audio']): string {
  const sections = kinds.map(
    (kind, index) => `m=${kind} 9 UDP/TLS/RTP/SAVPF 111\na=mid:${index}\na=ice-ufrag:p${mark}\n`,
  );
  return `v=0\no=- ${mark} 2 IN IP4 127.0.0.1\ns=-\nt=0 0\n${sections.join('')}`;
}

/** §4: `<sdp type seq>`; `seq` is optional. */
export function sdpEl(type: 'offer' | 'answer', text: string, seq?: string): Element {
  return xml('sdp', seq === undefined ? { type } : { type, seq }, text);
}

/** §4 `call`: one `<participant jid/>` per participant, the caller included. */
export function participantsEls(jids: readonly string[]): Element[] {
  return jids.map((jid) => xml('participant', { jid }));
}

/** §4: `<user-info>` with one `<entry key>` per key. */
export function userInfoEl(info: Readonly<Record<string, string>>): Element {
  return xml('user-info', {}, ...Object.entries(info).map(([key, value]) => xml('entry', { key }, value)));
}

/** §4: the user info of a received signal (none: empty). */
export function readUserInfo(signal: Element): Record<string, string> {
  const info: Record<string, string> = {};
  for (const entry of signal.getChild('user-info')?.getChildren('entry') ?? []) {
    info[String(entry.attrs.key)] = entry.getText();
  }
  return info;
}

/** §4 `candidates`: one host candidate for section 0 of the peer's SDP marked `mark`. */
export function candidateEls(mark: number): Element[] {
  return [
    xml(
      'candidate',
      { mid: '0', mline: '0', ufrag: `p${mark}` },
      `candidate:1 1 udp 2122260223 127.0.0.1 ${mark} typ host`,
    ),
  ];
}

let sent = 0;

/** A device of the peer: one XMPP connection (online, with presence), and every signal it received. */
export class DocPeer {
  readonly received: Received[] = [];

  private constructor(readonly raw: RawClient) {
    raw.xmpp.on('stanza', (stanza: Element) => {
      // §2: only a direct child of a message counts; the peer keeps even what it would refuse, for the tests.
      const signal = stanza.is('message') ? stanza.getChild('signal', NS) : undefined;
      if (!signal) return;
      this.received.push({
        from: String(stanza.attrs.from),
        to: String(stanza.attrs.to),
        type: stanza.attrs.type as string | undefined,
        kind: String(signal.attrs.kind),
        session: String(signal.attrs.session),
        attrs: { ...(signal.attrs as Record<string, string>) },
        signal,
        message: stanza,
      });
    });
  }

  /** Logs `username` in as `resource` and sends presence (§2 `type`: a device that rings is available). */
  static async connect(username: string, resource: string): Promise<DocPeer> {
    return new DocPeer(await startRawClient(username, { resource }));
  }

  /** This device's full JID. */
  get jid(): string {
    return String(this.raw.xmpp.jid);
  }

  get bare(): string {
    return bare(this.jid);
  }

  /** Sends one signal in the envelope of §2: a headline, a unique id, the payload, then the three hints. */
  async send(
    to: string,
    kind: string,
    session: string,
    attrs: Readonly<Record<string, string>> = {},
    children: readonly Element[] = [],
    version = '1',
  ): Promise<void> {
    await this.raw.xmpp.send(
      xml(
        'message',
        { type: 'headline', to, id: `docpeer${++sent}` },
        xml('signal', { xmlns: NS, v: version, kind, session, ...attrs }, ...children),
        xml('no-store', { xmlns: 'urn:xmpp:hints' }),
        xml('no-permanent-store', { xmlns: 'urn:xmpp:hints' }),
        xml('no-copy', { xmlns: 'urn:xmpp:hints' }),
      ),
    );
  }

  /** The signals of `kind` received so far (of one session, if given), in order of arrival. */
  of(kind: string, session?: string): Received[] {
    return this.received.filter(
      (signal) => signal.kind === kind && (session === undefined || signal.session === session),
    );
  }

  /** Waits for the `index`-th (from 0) signal of `kind` (of one session, if given). */
  async next(kind: string, session?: string, index = 0): Promise<Received> {
    await waitFor(() => this.of(kind, session).length > index, `${this.jid} receives ${kind} #${index + 1}`);
    return this.of(kind, session)[index] as Received;
  }

  async stop(): Promise<void> {
    await this.raw.stop();
  }
}
