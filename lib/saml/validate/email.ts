/** Syntactic check only (local@domain.tld, no spaces); whether the address belongs to a user is the directory's call. */
export function isEmail(value: string): boolean {
  return (
    value.length <= 320 && /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]+$/.test(value)
  );
}
