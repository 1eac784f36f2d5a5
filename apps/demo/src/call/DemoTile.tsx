/** How `<VideoCall>` draws a tile in the demo: the stock tile plus test ids and the peer's link state. */
import { usePeerState } from '@meshcall/hooks';
import { ParticipantTile, type VideoCallTileProps } from '@meshcall/ui';
import { useRef } from 'react';
import { useDescendantTestIds, userSlug } from '../util/test-ids.js';

/** A participant tile with `local-tile` / `remote-tile-<user>` and `remote-video-<user>` test ids. */
export function DemoTile({ userId, ...tile }: VideoCallTileProps) {
  if (tile.isLocal) return <ParticipantTile {...tile} data-testid="local-tile" />;
  return <RemoteDemoTile userId={userId} {...tile} />;
}

function RemoteDemoTile({ userId, ...tile }: VideoCallTileProps) {
  const slug = userSlug(userId);
  const state = usePeerState(userId);
  const ref = useRef<HTMLDivElement>(null);
  useDescendantTestIds(ref, { video: `remote-video-${slug}` });
  return (
    <div ref={ref} className="demo-contents">
      <ParticipantTile {...tile} data-testid={`remote-tile-${slug}`} data-peer-state={state ?? undefined} />
    </div>
  );
}

/** Stable, as `<VideoCall>` asks (a new function would re-render every tile). */
export const renderDemoTile = (tile: VideoCallTileProps) => <DemoTile {...tile} />;
