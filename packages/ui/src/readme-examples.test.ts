/**
 * What the custom call screen of this package's README teaches: its self-view does not show the screen one
 * shares (the others see it; inside itself it repeats endlessly), and its buttons handle a command that rejects
 * (a cancelled screen picker) instead of leaving it unhandled. The package check type-checks the example; this
 * reads what it does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
/** `MyCallScreen`, on one line: however the formatter wraps it. */
const example = readme
  .slice(readme.indexOf('function MyCallScreen()'), readme.indexOf('function RemoteTile('))
  .replace(/\s+/g, ' ')
  .replaceAll('( ', '(')
  .replaceAll(' )', ')');

describe('the README’s custom call screen', () => {
  it('gives one’s own tile the camera sent beside a shared screen, not the screen, and says one presents', () => {
    const selfView = /<ParticipantTile [^>]*?\bisLocal\b.*?\/>/.exec(example)?.[0] ?? '';
    expect(selfView).toContain('videoTrack={local.screenSharing ? sideCamera : video}');
    expect(selfView).toContain('screenSharing={local.screenSharing}');
  });

  it('handles the controls’ rejected commands: no `void promise`', () => {
    expect(example).toContain(
      'onToggleScreenShare={() => (local.screenSharing ? stopScreenShare() : startScreenShare()).catch(',
    );
    expect(example).not.toMatch(/=>\s*void\s/);
  });
});
