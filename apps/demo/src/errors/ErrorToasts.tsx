/** Engine errors as dismissible toasts in plain words; each fades out after a while. */
import type { MeshcallError } from '@meshcall/core';
import { useCallErrors } from '@meshcall/hooks';
import { useEffect, useMemo } from 'react';
import { describeCallError, isUserFacing } from './describe.js';

const TOAST_MS = 10_000;

/** One toast: every error entry with the same words (e.g. one per participant of a group call). */
interface Toast {
  readonly text: string;
  readonly code: MeshcallError['code'];
  /** When its first entry arrived: the toast goes after {@link TOAST_MS} from then. */
  readonly since: number;
  /** Removes every entry the toast stands for, so the same words cannot come back from a hidden duplicate. */
  readonly dismiss: () => void;
}

/** The toast stack (a polite live region; each toast is an alert). */
export function ErrorToasts() {
  const { errors, dismiss } = useCallErrors();

  useEffect(() => {
    for (const entry of errors) if (!isUserFacing(entry.error)) console.warn('[meshcall demo]', entry.error);
  }, [errors]);

  const toasts = useMemo(() => {
    const byText = new Map<string, { code: MeshcallError['code']; since: number; removers: (() => void)[] }>();
    for (const entry of errors) {
      if (!isUserFacing(entry.error)) continue;
      const text = describeCallError(entry.error);
      const remove = () => dismiss(entry.id);
      const group = byText.get(text);
      if (group) group.removers.push(remove);
      else byText.set(text, { code: entry.error.code, since: entry.time, removers: [remove] });
    }
    return [...byText].map(
      ([text, group]): Toast => ({
        text,
        code: group.code,
        since: group.since,
        dismiss: () => {
          for (const remove of group.removers) remove();
        },
      }),
    );
  }, [errors, dismiss]);

  useEffect(() => {
    // Toasts are in order of arrival: the first one is due first.
    const oldest = toasts[0];
    if (!oldest) return;
    const timer = setTimeout(oldest.dismiss, Math.max(0, oldest.since + TOAST_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [toasts]);

  return (
    <div className="demo-toasts" aria-live="polite">
      {toasts.map((toast) => (
        // Keyed by the words: a duplicate arriving later must not re-create (and re-announce) the toast.
        <div key={toast.text} className="demo-toast" role="alert" data-testid="error-toast" data-code={toast.code}>
          <p>{toast.text}</p>
          <button type="button" className="demo-toast__close" aria-label="Dismiss" onClick={toast.dismiss}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
