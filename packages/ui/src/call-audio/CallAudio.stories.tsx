import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, waitFor } from 'storybook/test';
import { CallAudio } from './CallAudio.js';

/** Quiet sine tones standing in for remote voices. */
function useToneTracks(count: number): MediaStreamTrack[] {
  const [tracks, setTracks] = useState<MediaStreamTrack[]>([]);
  useEffect(() => {
    const context = new AudioContext();
    const made = Array.from({ length: count }, (_, index) => {
      const oscillator = context.createOscillator();
      oscillator.frequency.value = 220 * (index + 1);
      const gain = context.createGain();
      gain.gain.value = 0.02;
      const destination = context.createMediaStreamDestination();
      oscillator.connect(gain).connect(destination);
      oscillator.start();
      return destination.stream.getAudioTracks()[0];
    }).filter((track): track is MediaStreamTrack => track !== undefined);
    setTracks(made);
    return () => {
      for (const track of made) track.stop();
      context.close();
    };
  }, [count]);
  return tracks;
}

function CallAudioDemo({ count }: { count: number }) {
  const tracks = useToneTracks(count);
  return (
    <div className="meshcall" style={{ display: 'grid', gap: 12, justifyItems: 'center' }}>
      <p style={{ margin: 0 }}>
        Playing {tracks.length} remote audio track{tracks.length === 1 ? '' : 's'} (hidden audio elements).
      </p>
      <CallAudio tracks={tracks} sinkId="default" />
    </div>
  );
}

const meta = {
  title: 'Media/CallAudio',
  component: CallAudioDemo,
  args: { count: 3 },
} satisfies Meta<typeof CallAudioDemo>;

export default meta;
type Story = StoryObj<typeof meta>;

/** One hidden `<audio>` per remote track, each playing its own track. */
export const ThreeParticipants: Story = {
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelectorAll('audio')).toHaveLength(3));
    for (const audio of canvasElement.querySelectorAll('audio')) {
      // Attached by an effect, after the element is rendered.
      await waitFor(() => expect((audio.srcObject as MediaStream | null)?.getAudioTracks()).toHaveLength(1));
      const stream = audio.srcObject as MediaStream;
      await expect(stream.getAudioTracks()[0]?.id).toBe(audio.dataset.trackId);
    }
  },
};
