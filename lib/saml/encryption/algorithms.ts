/** Content encryption (XML Encryption 1.1 §5.2) an IdP may use for an EncryptedAssertion. */
export const DATA_ENCRYPTION = {
  'aes128-cbc': 'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
  'aes256-cbc': 'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
  'aes128-gcm': 'http://www.w3.org/2009/xmlenc11#aes128-gcm',
  'aes256-gcm': 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
} as const;

/** Key transport (XML Encryption 1.1 §5.5) of the content key to the SP's encryption certificate. */
export const KEY_TRANSPORT = {
  'rsa-oaep-mgf1p': 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
} as const;

export type DataEncryptionName = keyof typeof DATA_ENCRYPTION;
export type KeyTransportName = keyof typeof KEY_TRANSPORT;
