/**
 * Importing meshcall must leave a browser app's globals alone: no Node typings pulled in through a dependency
 * (with them, `setTimeout` returns `NodeJS.Timeout` and `process` seems to exist).
 */
import type {} from '@meshcall/core';
import type {} from '@meshcall/hooks';
import type {} from '@meshcall/ui';

export const timer: number = setTimeout(() => {}, 0);
// @ts-expect-error -- there is no `process` in a browser
export const env: unknown = process.env;
