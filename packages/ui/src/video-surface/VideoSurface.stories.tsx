import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { Avatar } from '../avatar/Avatar.js';
import { Frame } from '../stories-support/people.js';
import { useSyntheticVideo } from '../stories-support/synthetic-video.js';
import { VideoSurface, type VideoSurfaceProps } from './VideoSurface.js';

type SurfaceArgs = Omit<VideoSurfaceProps, 'track'> & { hue: number; hasTrack: boolean };

function SurfaceWithCamera({ hue, hasTrack, ...rest }: SurfaceArgs) {
  const track = useSyntheticVideo({ enabled: hasTrack, hue, label: 'camera' });
  return (
    <Frame width={480} height={300}>
      <VideoSurface track={track} {...rest} />
    </Frame>
  );
}

const meta = {
  title: 'Media/VideoSurface',
  component: SurfaceWithCamera,
  args: { hue: 210, hasTrack: true, mirror: false, scaling: 'fill' },
  argTypes: {
    scaling: { control: 'inline-radio', options: ['fill', 'fit'] },
    hue: { control: { type: 'range', min: 0, max: 359 } },
  },
} satisfies Meta<typeof SurfaceWithCamera>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A live (synthetic) camera, cropped to fill the box. */
export const Live: Story = {
  play: async ({ canvasElement }) => {
    const video = canvasElement.querySelector('video');
    await waitFor(() => expect(video?.videoWidth).toBeGreaterThan(0), { timeout: 10_000 });
  },
};

/** The local preview is mirrored, as people expect to see themselves. */
export const Mirrored: Story = { args: { mirror: true } };

/** `fit` shows the whole picture with letterboxing (used for screen shares). */
export const Fit: Story = { args: { scaling: 'fit' } };

/** No track: the placeholder is shown. */
export const NoTrack: Story = {
  args: { hasTrack: false, placeholder: <Avatar name="Alice Martin" size={72} /> },
};

function SwappingSurface() {
  const [front, setFront] = useState(true);
  const a = useSyntheticVideo({ hue: 210, label: 'front camera', width: 640, height: 480 });
  const b = useSyntheticVideo({ hue: 20, label: 'back camera', width: 320, height: 240 });
  return (
    <div style={{ display: 'grid', gap: 12, justifyItems: 'center' }}>
      <Frame width={480} height={300}>
        <VideoSurface track={front ? a : b} />
      </Frame>
      <button type="button" className="meshcall-pill-button" onClick={() => setFront((value) => !value)}>
        Switch camera
      </button>
    </div>
  );
}

/** Swapping the track keeps the same `<video>` element (no re-mount, no flash). */
export const TrackSwap: Story = {
  render: () => <SwappingSurface />,
  play: async ({ canvasElement, userEvent }) => {
    const canvas = within(canvasElement);
    const video = canvasElement.querySelector('video');
    await waitFor(() => expect(video?.videoWidth).toBe(640), { timeout: 10_000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Switch camera' }));
    await waitFor(() => expect(video?.videoWidth).toBe(320), { timeout: 10_000 });
    await expect(canvasElement.querySelector('video')).toBe(video);
  },
};
