import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
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

describe('ParticipantTile pin toggle', () => {
  it('stays out of sight until the keyboard reaches it, says whether it is pressed, and shows while pinned', async () => {
    const toggled: string[] = [];
    const view = render(
      <div style={{ display: 'flex', gap: 8, width: 600, height: 200 }}>
        <ParticipantTile name="Ann" onTogglePin={() => toggled.push('Ann')} />
        <ParticipantTile name="Ben" pinned onTogglePin={() => toggled.push('Ben')} />
        <ParticipantTile name="Cid" />
      </div>,
    );
    const pin = (name: string) => screen.getByRole('button', { name: `Pin ${name}` });
    const shown = (name: string) => getComputedStyle(pin(name)).opacity;
    expect(shown('Ann')).toBe('0');
    expect(shown('Ben')).toBe('1');
    expect(pin('Ann').getAttribute('aria-pressed')).toBe('false');
    expect(pin('Ben').getAttribute('aria-pressed')).toBe('true');
    expect(view.container.querySelectorAll('button')).toHaveLength(2); // none without onTogglePin
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(pin('Ann'));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the fade in
    expect(shown('Ann')).toBe('1');
    await userEvent.keyboard('{Enter}');
    expect(toggled).toEqual(['Ann']);
  });
});
