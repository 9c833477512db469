export * from './workflow.types';
export * from './labels';
export * from './guards';
export * from './transitions';
export * from './engine';
export * from './payload';
export * from './instruit';
export * from './complements';
