/** Types of scripts/chromium.mjs (plain JavaScript so Node scripts, Vite and Playwright configs all import it). */
export declare const chromiumExecutable: string;
export declare const chromiumArgs: string[];
export declare const chromiumLaunchOptions: { executablePath: string; args: string[] };
