#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it in this same process, so signals and exit codes pass straight through.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
