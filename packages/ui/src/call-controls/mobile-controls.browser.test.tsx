/**
 * On a phone: the control bar on phones and touch screens, measured in Chromium with the real stylesheet.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../styles.css';
import { CallControls } from './CallControls.js';

afterEach(async () => {
  cleanup();
  await page.viewport(414, 896);
});

const bar = () => (
  <CallControls
    onToggleAudio={() => undefined}
    onToggleVideo={() => undefined}
    cameraCount={2}
    onSwitchCamera={() => undefined}
    onHangUp={() => undefined}
  />
);

/** Every CSS rule (with the media conditions around it) of the page's stylesheets. */
function rulesWithMedia(): { selector: string; media: string[]; style: CSSStyleDeclaration }[] {
  const out: { selector: string; media: string[]; style: CSSStyleDeclaration }[] = [];
  const walk = (rules: CSSRuleList, media: string[]) => {
    for (const rule of Array.from(rules)) {
      if (rule instanceof CSSMediaRule) walk(rule.cssRules, [...media, rule.conditionText]);
      else if (rule instanceof CSSStyleRule) out.push({ selector: rule.selectorText, media, style: rule.style });
      else if ('cssRules' in rule) walk((rule as CSSGroupingRule).cssRules, media);
    }
  };
  for (const sheet of Array.from(document.styleSheets)) walk(sheet.cssRules, []);
  return out;
}

describe('CallControls on the narrowest phones', () => {
  it('keeps 44×44 CSS px buttons at 320 px wide (iPhone SE 1st gen, small Androids)', async () => {
    await page.viewport(320, 568);
    render(bar());
    const sizes = screen
      .getAllByRole('button')
      .map(
        (b) =>
          `${b.getAttribute('data-control') ?? b.textContent}: ${b.getBoundingClientRect().width}×${b.getBoundingClientRect().height}`,
      );
    const small = screen.getAllByRole('button').filter((b) => {
      const r = b.getBoundingClientRect();
      return r.width < 44 || r.height < 44;
    });
    // Before the fix: `@media (max-width: 340px) { .meshcall-control { width: 40px; height: 40px } }`, while four 44 px
    // buttons, the 56 px hang-up and 6 px gaps (262 px) would fit 320 − 24 easily.
    expect(
      small.map((b) => b.textContent),
      sizes.join(', '),
    ).toEqual([]);
  });
});

describe('CallControls after a tap (touch screens have no hover)', () => {
  it('puts every :hover look of the buttons under @media (hover: hover), so it does not stick after a tap', () => {
    render(bar());
    const sticky = rulesWithMedia()
      .filter(({ selector }) => /\.meshcall-(control|action|pill-button)[^,]*:hover/.test(selector))
      .filter(({ media }) => !media.some((m) => /\(hover:\s*hover\)/.test(m)))
      .map(({ selector }) => selector);
    // Before the fix: .meshcall-control:hover, .meshcall-control--off:hover, .meshcall-control--active:hover,
    // .meshcall-action:hover (transform: scale(1.04)) ... all apply on phones, where :hover stays after a tap.
    expect(sticky).toEqual([]);
  });

  it('draws no rectangular tap highlight over the round buttons (Android Chrome)', () => {
    render(bar());
    const colours = screen
      .getAllByRole('button')
      .map((b) => getComputedStyle(b).getPropertyValue('-webkit-tap-highlight-color'));
    // Before the fix: the UA default (rgba(0, 0, 0, 0.18) here; rgba(51, 181, 229, 0.4), a blue box, under mobile emulation).
    expect(new Set(colours)).toEqual(new Set(['rgba(0, 0, 0, 0)']));
  });
});
