/** Tells the user which engine settings of the URL were ignored or changed (see `resolveSettings`), until dismissed. */
import { useState } from 'react';

/** Props of {@link SettingsNotices}. */
export interface SettingsNoticesProps {
  readonly notices: readonly string[];
}

/** Nothing when the URL's settings were all usable. */
export function SettingsNotices({ notices }: SettingsNoticesProps) {
  const [dismissed, setDismissed] = useState(false);
  if (notices.length === 0 || dismissed) return null;
  return (
    <div className="demo-notice" role="status" data-testid="settings-notice">
      <div>
        <p>Some settings in this page’s address could not be used as given:</p>
        <ul>
          {notices.map((notice) => (
            <li key={notice}>{notice}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="demo-button demo-button--ghost" onClick={() => setDismissed(true)}>
        Dismiss
      </button>
    </div>
  );
}
