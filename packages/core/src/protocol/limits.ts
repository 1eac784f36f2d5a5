/**
 * Hard limits of the wire format. The decoder refuses anything larger, so a hostile peer cannot make a
 * client allocate much. The encoder also keeps every stanza it sends under {@link SIGNAL_LIMITS.sendBytes},
 * so no server refuses it.
 */
export const SIGNAL_LIMITS = {
  /** Longest accepted session id; ids are `[A-Za-z0-9_-]`. */
  sessionIdLength: 64,
  /** Longest accepted JID (participants). */
  jidLength: 1024,
  /** Most participants in a `call`, initiator included. The client's own cap is lower (4 by default). */
  participants: 16,
  /** Most entries in a userInfo map. */
  userInfoEntries: 32,
  /** Longest userInfo key. */
  userInfoKeyLength: 64,
  /** Longest userInfo value. */
  userInfoValueLength: 1024,
  /** Most characters of all userInfo keys and values together. */
  userInfoTotalLength: 4096,
  /** Longest SDP. Chromium's offers for audio+video are 4–8 KB; four sections stay under 20 KB. */
  sdpLength: 65536,
  /** Most candidates in one `candidates` signal. */
  candidatesPerSignal: 64,
  /** Longest candidate line. */
  candidateLength: 1024,
  /** Longest `sdpMid` / `usernameFragment`. */
  tokenLength: 256,
  /** Largest serialized stanza the decoder looks at (characters). */
  stanzaLength: 131072,
  /**
   * Largest stanza the encoder builds, serialized, in UTF-8 bytes. Browsers send a WebSocket message above
   * 128 KiB as several frames, and XMPP servers refuse a stanza split across frames (RFC 7395; Prosody closes
   * the connection): under this, a signal always travels. Real signals are 5–20 KB.
   */
  sendBytes: 122880,
  /** Deepest element nesting the decoder walks. */
  depth: 8,
  /**
   * Most direct children of a `<message/>` the decoder looks at. A signal has its payload, three hints and
   * perhaps a few server additions; a message with more children is never a valid signal.
   */
  messageChildren: 64,
} as const;
