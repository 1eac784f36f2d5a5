/**
 * Who is speaking, decided from sampled audio levels. A level is what WebRTC reports per audio stream: linear,
 * 0 (silence) to 1 (full scale), taken from the RTP audio-level header extension for remote participants and
 * from the microphone's `media-source` stats for the local user. A single sample is noisy (speech has gaps
 * between syllables), so a participant keeps speaking for a short hold after the last loud sample.
 */
import type { UserId } from '../util/jid.js';

/** A level at or above this counts as speech: −35 dBov, the usual "active speaker" threshold of SFUs. */
export const SPEAKING_LEVEL = 0.0178;

/** How long a participant still counts as speaking after the last loud sample, in ms. */
export const SPEAKING_HOLD_MS = 600;

/** Turns audio-level samples into the list of participants speaking now. Pure: time is passed in. */
export class SpeakerDetector {
  readonly #order: readonly UserId[];
  readonly #lastLoud = new Map<UserId, number>();
  #speakers: readonly UserId[] = Object.freeze([]);

  /** @param order every participant, in the order {@link SpeakerDetector.speakers} lists them. */
  constructor(order: readonly UserId[]) {
    this.#order = order;
  }

  /** The participants speaking now, in participant order. A new array only when the list changed. */
  get speakers(): readonly UserId[] {
    return this.#speakers;
  }

  /**
   * Takes one sample: the level of every participant that can be heard now. A participant left out (muted,
   * not connected, gone) stops speaking at once; one heard but quiet stops after {@link SPEAKING_HOLD_MS}.
   * @returns whether {@link SpeakerDetector.speakers} changed.
   */
  update(levels: ReadonlyMap<UserId, number>, now: number): boolean {
    const next = this.#order.filter((userId) => {
      const level = levels.get(userId);
      // Not heard now: forget the last loud sample, so an unmute does not show an old burst again.
      if (level === undefined) this.#lastLoud.delete(userId);
      else if (level >= SPEAKING_LEVEL) this.#lastLoud.set(userId, now);
      const loudAt = this.#lastLoud.get(userId);
      return loudAt !== undefined && now - loudAt < SPEAKING_HOLD_MS;
    });
    if (next.length === this.#speakers.length && next.every((userId, i) => userId === this.#speakers[i])) {
      return false;
    }
    this.#speakers = Object.freeze(next);
    return true;
  }

  /**
   * `userId` cannot be heard any more (they left, or muted): they stop speaking now, not at the next sample.
   * @returns whether {@link SpeakerDetector.speakers} changed.
   */
  silence(userId: UserId): boolean {
    this.#lastLoud.delete(userId);
    if (!this.#speakers.includes(userId)) return false;
    this.#speakers = Object.freeze(this.#speakers.filter((speaker) => speaker !== userId));
    return true;
  }
}
