import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import { Frame, LiveTile, type LiveTileProps, me, people } from '../stories-support/people.js';
import type { TileConnection } from '../types.js';

/** Every `TileConnection`, in the connection control: one missing here fails the type check. */
const CONNECTIONS = Object.keys({
  connected: true,
  ringing: true,
  connecting: true,
  reconnecting: true,
  poor: true,
  failed: true,
} satisfies Record<TileConnection, true>) as TileConnection[];

const meta = {
  title: 'Calls/ParticipantTile',
  component: LiveTile,
  args: { person: people[0]!, video: true },
  argTypes: {
    connection: { control: 'select', options: CONNECTIONS },
  },
  decorators: [
    (Story) => (
      <Frame width={480} height={300}>
        <Story />
      </Frame>
    ),
  ],
} satisfies Meta<LiveTileProps>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Live video with the name. */
export const WithVideo: Story = {};

/** Camera off: the avatar with initials replaces the video. */
export const CameraOff: Story = {
  args: { videoMuted: true },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.meshcall-avatar')).toHaveTextContent('AM');
  },
};

/** Audio-only participant with the microphone muted. */
export const MutedNoVideo: Story = {
  args: { video: false, audioMuted: true },
  play: async ({ canvasElement }) => {
    const tile = within(canvasElement).getByRole('group', { name: 'Alice Martin' });
    await expect(tile).toHaveTextContent('Microphone muted');
  },
};

/** Talking now: a ring around the tile, drawn by the stylesheet (not only a class name). */
export const Speaking: Story = {
  args: { speaking: true },
  play: async ({ canvas }) => {
    const tile = canvas.getByRole('group', { name: 'Alice Martin' });
    await expect(tile).toHaveClass('meshcall-tile--speaking');
    // The green ring (3 px), with a dark edge inside it that keeps it visible on a bright picture.
    const ring = getComputedStyle(tile, '::before').boxShadow;
    await expect(ring).toMatch(
      /^rgb\(52, 211, 153\) 0px 0px 0px 3px inset, rgba\(0, 0, 0, 0\.55\) 0px 0px 0px 5px inset$/,
    );
  },
};

/** Muted, with video. */
export const Muted: Story = { args: { audioMuted: true } };

/** Called, not answered yet: their phone is ringing. */
export const Ringing: Story = {
  args: { connection: 'ringing', video: false },
  play: async ({ canvas, argTypes }) => {
    await expect(canvas.getByText('Ringing…')).toBeVisible();
    // The connection control offers this state too.
    await expect(argTypes.connection?.options).toContain('ringing');
  },
};

/** The link is being set up. */
export const Connecting: Story = { args: { connection: 'connecting', video: false } };

/** The link dropped; an ICE restart is running. */
export const Reconnecting: Story = { args: { connection: 'reconnecting' } };

/** Connected, but the stats say the link is bad. */
export const PoorConnection: Story = {
  args: { connection: 'poor' },
  play: async ({ canvas }) => {
    await expect(canvas.getByText('Poor connection')).toBeVisible();
  },
};

/** The link failed. */
export const Failed: Story = { args: { connection: 'failed', video: false } };

/** The local user's own tile: mirrored, "(you)". */
export const Local: Story = {
  args: { person: me, isLocal: true },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('group', { name: 'Sam Lee (you)' })).toBeVisible();
  },
};

/** Sharing a screen: shown whole, never mirrored, with a "Presenting" chip. */
export const ScreenShare: Story = { args: { person: people[1]!, screenSharing: true } };

/** Sharing a screen with the camera on: the camera is a small picture in a top corner (on tiles big enough). */
export const ScreenShareWithCamera: Story = {
  args: { person: people[1]!, screenSharing: true, sideCamera: true },
  play: async ({ canvasElement }) => {
    // The side camera shows once its synthetic track exists, which an effect makes after the first render.
    await waitFor(() => expect(canvasElement.querySelector('.meshcall-tile__side-camera')).toBeVisible());
  },
};

/**
 * Your own tile while you share your screen: your camera (mirrored), not the screen the others see, with
 * "You are presenting". With the camera off, your avatar.
 */
export const LocalPresenting: Story = {
  args: { person: me, isLocal: true, screenSharing: true },
  play: async ({ canvas, canvasElement }) => {
    const tile = canvas.getByRole('group', { name: 'Sam Lee (you)' });
    await expect(tile).toHaveTextContent('You are presenting');
    await expect(canvasElement.querySelector('.meshcall-tile__video')).toHaveClass('meshcall-video--mirror');
  },
};

/** Pinned by the user (`<VideoCall>` shows them large): the pin toggle stays pressed and in view. */
export const Pinned: Story = {
  args: { pinned: true, onTogglePin: fn() },
  play: async ({ canvas, args }) => {
    const pin = canvas.getByRole('button', { name: `Pin ${people[0]!.name}` });
    await expect(pin).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(pin);
    await expect(args.onTogglePin).toHaveBeenCalledTimes(1);
  },
};
