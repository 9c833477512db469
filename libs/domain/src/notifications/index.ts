export * from './templates';
export * from './planning';
