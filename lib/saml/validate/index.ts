export { MemoryReplayCache } from './replay-cache.ts';
export type {
  AssertedIdentity,
  ReplayCache,
  ValidationContext,
  ValidationDefect,
  ValidationResult,
} from './types.ts';
export { VALIDATION_DEFECTS } from './types.ts';
export { RESPONSE_CHECKS, validateResponse } from './validate-response.ts';
