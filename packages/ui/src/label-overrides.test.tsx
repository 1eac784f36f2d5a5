// @vitest-environment jsdom
/**
 * Label overrides and the small formatting helpers.
 */
import { renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { type LabelOverrides, useLabels } from './labels.js';

describe('useLabels', () => {
  it('takes a label added to the overrides on a later render', () => {
    const { result, rerender } = renderHook(({ overrides }: { overrides: LabelOverrides }) => useLabels(overrides), {
      initialProps: { overrides: { accept: 'Annehmen' } as LabelOverrides },
    });
    expect(result.current.accept).toBe('Annehmen');
    expect(result.current.reject).toBe('Decline');
    rerender({ overrides: { accept: 'Annehmen', reject: 'Ablehnen' } });
    expect(result.current.reject).toBe('Ablehnen');
  });
});
