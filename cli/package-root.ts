import { fileURLToPath } from 'node:url';

/** The checkout or installed package root, so `accord` works from any working directory. */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
