export * from './criteria';
export * from './sections';
export * from './precheck';
export * from './checklist';
