import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { VideoCallTileProps } from '../video-call/context.js';
import { ParticipantTile } from './ParticipantTile.js';

describe('ParticipantTile', () => {
  it("takes <VideoCall>'s tile props as they are: the user id becomes data-user-id, not a stray attribute", () => {
    const tile: VideoCallTileProps = { userId: 'bob@example.org', name: 'Bob', audioMuted: true };
    const html = renderToStaticMarkup(<ParticipantTile {...tile} />);
    expect(html).toContain('data-user-id="bob@example.org"');
    expect(html.toLowerCase()).not.toContain('userid=');
    expect(renderToStaticMarkup(<ParticipantTile name="Bob" />)).not.toContain('data-user-id');
  });

  it('shows the avatar when the camera is off, but a shared screen whether the camera is on or not', () => {
    const live = { kind: 'video', readyState: 'live', muted: false } as MediaStreamTrack;
    const showsVideo = (props: { videoMuted: boolean; screenSharing: boolean }) =>
      !renderToStaticMarkup(<ParticipantTile name="Bob" videoTrack={live} {...props} />).includes(
        'meshcall-video--empty',
      );
    expect(showsVideo({ videoMuted: false, screenSharing: false })).toBe(true);
    expect(showsVideo({ videoMuted: true, screenSharing: false })).toBe(false);
    expect(showsVideo({ videoMuted: true, screenSharing: true })).toBe(true);
  });
});
