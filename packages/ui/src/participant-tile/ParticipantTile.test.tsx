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
});
