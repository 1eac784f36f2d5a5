import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { Frame, LiveTile, me, people } from '../stories-support/people.js';
import { CallGrid } from './CallGrid.js';

interface GridDemoProps {
  remotes: number;
  width: number;
  height: number;
  /** Index of the remote in the spotlight (presenting). */
  spotlight?: number;
}

function GridDemo({ remotes, width, height, spotlight }: GridDemoProps) {
  const shown = people.slice(0, remotes);
  return (
    <Frame width={width} height={height}>
      <CallGrid
        local={<LiveTile person={me} isLocal />}
        spotlight={spotlight === undefined ? null : shown[spotlight]?.id}
      >
        {shown.map((person, index) => (
          <LiveTile key={person.id} person={person} audioMuted={index === 1} screenSharing={index === spotlight} />
        ))}
      </CallGrid>
    </Frame>
  );
}

const meta = {
  title: 'Calls/CallGrid',
  component: GridDemo,
  args: { remotes: 1, width: 860, height: 520 },
  argTypes: { remotes: { control: { type: 'range', min: 0, max: 4 } } },
} satisfies Meta<typeof GridDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

/** 1:1: the other person fills the stage; you are picture-in-picture. */
export const OneRemote: Story = {
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region', { name: 'Participants' })).toHaveAttribute('data-count', '1');
    await expect(canvas.getByRole('group', { name: 'Sam Lee (you)' })).toBeVisible();
  },
};

/** Two remote participants side by side. */
export const TwoRemotes: Story = { args: { remotes: 2 } };

/** Three: your own tile fills the fourth cell of the 2×2 grid instead of floating over a tile. */
export const ThreeRemotes: Story = { args: { remotes: 3 } };

/**
 * Four (a call of five, beyond the default cap, which `maxParticipants` raises): rows of three and two, your
 * tile among them rather than over someone's.
 */
export const FourRemotes: Story = {
  args: { remotes: 4 },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region', { name: 'Participants' })).toHaveAttribute('data-count', '5');
    await expect(canvas.getAllByRole('group')).toHaveLength(5);
    const you = canvas.getByRole('group', { name: 'Sam Lee (you)' }).getBoundingClientRect();
    for (const other of people.slice(0, 4)) {
      const tile = canvas.getByRole('group', { name: other.name }).getBoundingClientRect();
      const overlap = you.left < tile.right && tile.left < you.right && you.top < tile.bottom && tile.top < you.bottom;
      await expect(overlap).toBe(false);
    }
  },
};

/** Two remotes on a tall (phone-like) stage: stacked. */
export const TwoRemotesPortrait: Story = { args: { remotes: 2, width: 380, height: 680 } };

/** Someone presents: their tile takes the stage, the others (you included) form a strip beside it. */
export const Spotlight: Story = { args: { remotes: 3, spotlight: 0 } };

/** The same on a tall (phone-like) stage: the strip runs under the presenter. */
export const SpotlightPortrait: Story = { args: { remotes: 3, spotlight: 0, width: 380, height: 680 } };

/** Nobody else yet: your own preview fills the stage. */
export const LocalOnly: Story = { args: { remotes: 0 } };
