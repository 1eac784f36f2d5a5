/** Story-only fixtures: demo people and tiles that carry a synthetic camera. */
import type { CSSProperties, ReactNode } from 'react';
import { ParticipantTile, type ParticipantTileProps } from '../participant-tile/ParticipantTile.js';
import { useSyntheticVideo } from './synthetic-video.js';

/** A demo participant. */
export interface DemoPerson {
  id: string;
  name: string;
  hue: number;
}

/** The local user in stories. */
export const me: DemoPerson = { id: 'sam@example.test', name: 'Sam Lee', hue: 160 };

/** Remote participants in stories. */
export const people: readonly DemoPerson[] = [
  { id: 'alice@example.test', name: 'Alice Martin', hue: 210 },
  { id: 'bob@example.test', name: 'Bob Chen', hue: 275 },
  { id: 'carol@example.test', name: 'Carol Diaz', hue: 20 },
  { id: 'dan@example.test', name: 'Dan Okafor', hue: 120 },
];

/** Display names of the demo people, by JID. */
export function demoName(userId: string): string {
  return [me, ...people].find((person) => person.id === userId)?.name ?? userId;
}

/** Props of {@link LiveTile}. */
export interface LiveTileProps extends Omit<ParticipantTileProps, 'videoTrack' | 'sideCameraTrack' | 'name'> {
  person: DemoPerson;
  /** Whether the participant sends video at all (default true). */
  video?: boolean;
  /** Whether a second synthetic camera goes beside the video, as beside a shared screen (default false). */
  sideCamera?: boolean;
}

/** A {@link ParticipantTile} fed by a synthetic camera (and a synthetic side camera, when asked). */
export function LiveTile({ person, video = true, sideCamera = false, ...rest }: LiveTileProps) {
  const track = useSyntheticVideo({ enabled: video, label: '', hue: person.hue });
  const side = useSyntheticVideo({
    enabled: sideCamera,
    label: person.name.split(' ')[0],
    hue: (person.hue + 40) % 360,
  });
  return <ParticipantTile name={person.name} videoTrack={track} sideCameraTrack={side} {...rest} />;
}

/** A fixed-size box for stories of components that fill their container. */
export function Frame({
  width = 720,
  height = 440,
  children,
}: {
  width?: number | string;
  height?: number | string;
  children: ReactNode;
}) {
  const style: CSSProperties = { width, height, maxWidth: '100%' };
  return <div style={style}>{children}</div>;
}
