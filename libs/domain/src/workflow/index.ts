export * from './workflow.types';
export * from './labels';
export * from './guards';
export * from './transitions';
export * from './engine';
