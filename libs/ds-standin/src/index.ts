// Public surface of the DS stand-in (tests and the demo import from here).
export { DEMO_PROJECTS } from './demo-data';
export type { DemoProject } from './demo-data';
export {
  defaultStartNumber,
  DEFAULT_HUGE_FILE_BYTES,
  findChamp,
  generateDemo,
  generateDossiers,
  projectNameOf,
  removeChamp,
  setTextChamp,
  SPECIAL_SLOTS,
  withIncompleteDemandeur,
  withInvalidSiret,
} from './generate';
export type { DossierOverride, GeneratedSet, GenerateOptions } from './generate';
export { formFor, LABELS, REGIONS, TERRITOIRE_FRAGILE_OPTIONS } from './form';
export { breakLuhn, luhnValid, siretFor } from './luhn';
export { phase2Demarche } from './phase2';
export type { Phase2Options, Phase2Set } from './phase2';
export { DEFAULT_DEMARCHE_NUMBER, DEFAULT_GENERATOR, GRAPHQL_PATH, loadSchema, startDsStandin, StandinState } from './server';
export type { DemarcheConfig, DemarcheSource, GeneratorConfig, RunningStandin, StandinOptions } from './server';
export type * from './types';
