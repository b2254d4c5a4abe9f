export * from './certificate.ts';
export * from './issue-certificate.ts';
export * from './keyring.ts';
export * from './keystore.ts';
export * from './test-ca.ts';
