export * from './certificate.ts';
export * from './keyring.ts';
export * from './keystore.ts';
