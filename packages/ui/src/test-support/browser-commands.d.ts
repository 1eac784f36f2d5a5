/** The custom commands of the browser tests (vitest.shared.ts's `chromiumBrowser()`). */
import 'vitest/browser';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Playwright's `page.emulateMedia`; `null` goes back to the default. */
    emulateMedia(media: {
      forcedColors?: 'active' | 'none' | null;
      reducedMotion?: 'reduce' | 'no-preference' | null;
      colorScheme?: 'light' | 'dark' | 'no-preference' | null;
    }): Promise<void>;
    /** What `env(safe-area-inset-*)` gives, in CSS px (a phone's notch and home indicator); `null`: none. */
    emulateSafeArea(insets: { top: number; right: number; bottom: number; left: number } | null): Promise<void>;
  }
}
