export { declares } from './declares.ts';
export { loadTargetProfile } from './load-target.ts';
export { escapeRegExp, fillTemplate, TemplateError, templatePlaceholders } from './template.ts';
export {
  type Binding,
  type SuccessDetector,
  TARGET_TEMPLATE_VARS,
  type TargetProfile,
  type TargetTemplateVar,
  type TargetUser,
} from './types.ts';
export { type InputFileKind, validateInputFile } from './validate-input-file.ts';
