// Every migration, in order. Listed explicitly (no glob) so that the same list runs from sources, tests and builds.
import { InitUsers1764000000000 } from './1764000000000-init-users';

export const MIGRATIONS = [InitUsers1764000000000];
