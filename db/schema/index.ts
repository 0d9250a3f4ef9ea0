export * from './tenancy';
export * from './people';
export * from './audit';
export * from './platform';
export * from './letters';
export * from './registry';
export * from './intake';
export * from './mail';
