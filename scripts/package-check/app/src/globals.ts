/**
 * Importing meshcall must leave a browser app's globals alone: no Node typings pulled in through a dependency
 * (with them, `setTimeout` returns `NodeJS.Timeout` and `process` seems to exist), and no global `JSX`
 * namespace (`@types/xmpp__xml` declares one: with React 18's types misspelled tags then pass, with React 19's
 * `JSX.Element` is an XML element).
 */
import type {} from '@meshcall/core';
import type {} from '@meshcall/hooks';
import type {} from '@meshcall/ui';

export const timer: number = setTimeout(() => {}, 0);
// @ts-expect-error -- there is no `process` in a browser
export const env: unknown = process.env;
// @ts-expect-error -- React 19's types have no global JSX namespace, and meshcall must not bring one
export type GlobalJsx = JSX.IntrinsicElements;
