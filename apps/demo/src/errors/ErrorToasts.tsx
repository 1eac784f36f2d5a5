/** Engine errors as dismissible toasts in plain words; each fades out after a while. */
import { useCallErrors } from '@meshcall/hooks';
import { useEffect, useMemo } from 'react';
import { describeCallError, isUserFacing } from './describe.js';

const TOAST_MS = 10_000;

/** The toast stack (a polite live region; each toast is an alert). */
export function ErrorToasts() {
  const { errors, dismiss } = useCallErrors();
  const visible = useMemo(() => errors.filter((entry) => isUserFacing(entry.error)), [errors]);

  useEffect(() => {
    for (const entry of errors) if (!isUserFacing(entry.error)) console.warn('[meshcall demo]', entry.error);
  }, [errors]);

  useEffect(() => {
    if (visible.length === 0) return;
    const oldest = visible[0];
    if (!oldest) return;
    const timer = setTimeout(() => dismiss(oldest.id), Math.max(0, oldest.time + TOAST_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [visible, dismiss]);

  // Identical messages (e.g. one per participant) are shown once.
  const seen = new Set<string>();
  const unique = visible.filter((entry) => {
    const text = describeCallError(entry.error);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });

  return (
    <div className="demo-toasts" aria-live="polite">
      {unique.map((entry) => (
        <div key={entry.id} className="demo-toast" role="alert" data-testid="error-toast" data-code={entry.error.code}>
          <p>{describeCallError(entry.error)}</p>
          <button type="button" className="demo-toast__close" aria-label="Dismiss" onClick={() => dismiss(entry.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
