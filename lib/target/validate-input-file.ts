import { InputFileError } from '../scenario/input-error.ts';
import { loadScenario } from '../scenario/load-scenario.ts';
import { readYamlSource } from '../scenario/yaml-source.ts';
import { loadTargetProfile } from './load-target.ts';

export type InputFileKind = 'scenario' | 'target';

/**
 * Validates a scenario or a target profile, telling them apart by content: a top-level `role` key
 * means a target profile. Returns the kind and the scenario id or profile name; throws
 * InputFileError when the file is not valid as that kind.
 */
export function validateInputFile(file: string): { kind: InputFileKind; name: string } {
  const { data } = readYamlSource(file);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw InputFileError.of(file, 'expected a scenario or a target profile (a mapping of key: value pairs)', {
      line: 1,
      column: 1,
    });
  }
  if (Object.hasOwn(data, 'role')) return { kind: 'target', name: loadTargetProfile(file).name };
  return { kind: 'scenario', name: loadScenario(file).id };
}
