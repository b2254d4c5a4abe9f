export { type DirectoryOptions, generateDirectory, type Reserved } from './directory.ts';
export {
  escapePointerSegment,
  formatIssue,
  InputFileError,
  type InputIssue,
  pointer,
} from './input-error.ts';
export {
  DIRECTORY_DEFAULTS,
  loadOidcScenario,
  loadSamlScenario,
  loadScenario,
  loadScenarios,
} from './load-scenario.ts';
export {
  type AnyScenario,
  ATTRIBUTE_NAME_FORMAT_URNS,
  type AttributeRule,
  NAME_ID_FORMAT_URNS,
  NAME_ID_FORMATS,
  type NameIdFormat,
  OIDC_PATH_DEFAULTS,
  type OidcClaimDialect,
  type OidcPaths,
  type OidcScenario,
  SCENARIO_TEMPLATE_VARS,
  type Scenario,
  type ScenarioPaths,
  type ScenarioUser,
  USER_FIELDS,
  type UserField,
} from './types.ts';
export {
  registerVendor,
  type VendorProfile,
  vendorIds,
  vendorProfile,
  vendorProfiles,
} from './vendors/index.ts';
export { readYamlSource, type SourcePosition, type YamlSource } from './yaml-source.ts';
