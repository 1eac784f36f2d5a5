/**
 * Alice's and Bob's real engines on one MemoryNetwork, each with a `<VideoCall>` in a box of its own, for tests
 * in Chromium (not part of the package). Each side sends synthetic media unless its props say otherwise;
 * `cleanUp()`, in `afterEach`, destroys the engines and stops the synthetic streams.
 */
import { CallClient, MemoryNetwork, type UserId } from '@meshcall/core';
import { createSyntheticStream, type SyntheticStream } from '@meshcall/core/testing';
import { CallProvider } from '@meshcall/hooks';
import { cleanup, render, within } from '@testing-library/react';
import '../styles.css';
import { VideoCall, type VideoCallProps } from '../video-call/VideoCall.js';

export const ALICE = 'alice@example.test';
export const BOB = 'bob@example.test';

/** One side of the pair, on screen. */
export interface MountedCall {
  /** Queries within this side's box. */
  readonly view: ReturnType<typeof within>;
  /** This side's box. */
  readonly box: HTMLElement;
  /** Every distinct text this side's live regions said so far. */
  said(): string[];
  /** What this side's `onActionError` got, by error code. */
  readonly errors: string[];
}

/** See the module comment. */
export function callPair() {
  const network = new MemoryNetwork({ latencyMs: 2 });
  const alice = new CallClient({ transport: network.createTransport(ALICE) });
  const bob = new CallClient({ transport: network.createTransport(BOB) });
  const streams: SyntheticStream[] = [];
  const observers: MutationObserver[] = [];

  /** A synthetic camera and microphone for `user`, stopped by `cleanUp()` (meshcall never stops app streams). */
  const synthetic = (user: UserId, video = true): MediaStream => {
    const source = createSyntheticStream({ label: user.split('@')[0] ?? user, video, volume: 0.01 });
    streams.push(source);
    return source.stream;
  };

  /** Renders `client`'s `<VideoCall>` (synthetic media, unless `props` set `getLocalStream`). */
  const mount = (client: CallClient, props: Partial<VideoCallProps> = {}): MountedCall => {
    const user = client.localUser;
    const errors: string[] = [];
    const { container } = render(
      <div style={{ width: 900, height: 560 }} data-user={user}>
        <CallProvider client={client}>
          <VideoCall
            getLocalStream={({ video }) => synthetic(user, video)}
            onActionError={(error) => errors.push((error as { code?: string }).code ?? String(error))}
            {...props}
          />
        </CallProvider>
      </div>,
    );
    const box = container.querySelector<HTMLElement>(`[data-user="${user}"]`) ?? container;
    const said: string[] = [];
    const observer = new MutationObserver(() => {
      for (const region of box.querySelectorAll('[role="status"], [role="alert"]')) {
        const text = region.textContent?.trim();
        if (text && said.at(-1) !== text) said.push(text);
      }
    });
    observer.observe(box, { childList: true, subtree: true, characterData: true });
    observers.push(observer);
    return { view: within(box), box, said: () => [...said], errors };
  };

  const cleanUp = async () => {
    for (const observer of observers) observer.disconnect();
    cleanup();
    await alice.destroy();
    await bob.destroy();
    for (const stream of streams) stream.stop();
  };

  return { alice, bob, synthetic, mount, cleanUp };
}
