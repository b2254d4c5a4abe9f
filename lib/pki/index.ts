export * from './certificate.ts';
export * from './keystore.ts';
