import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import '../styles.css';
import { ParticipantTile } from './ParticipantTile.js';

afterEach(async () => {
  cleanup();
  await commands.emulateMedia({ forcedColors: null });
});

describe('ParticipantTile in forced colours (Windows High Contrast)', () => {
  it('keeps the ring of who is talking and of a failed link visible (forced colours drop box shadows)', async () => {
    await commands.emulateMedia({ forcedColors: 'active' });
    render(
      <div style={{ display: 'flex', gap: 8, width: 600, height: 200 }}>
        <ParticipantTile name="Quiet" />
        <ParticipantTile name="Talker" speaking />
        <ParticipantTile name="Gone" connection="failed" />
      </div>,
    );
    const ring = (name: string, part: '::before' | '::after') => {
      const style = getComputedStyle(screen.getByRole('group', { name }), part);
      return style.outlineStyle === 'none' ? 'none' : `${style.outlineStyle} ${style.outlineWidth}`;
    };
    expect(ring('Quiet', '::before')).toBe('none');
    expect(ring('Talker', '::before')).toBe('solid 3px');
    expect(ring('Gone', '::after')).toBe('dashed 3px');
  });
});
